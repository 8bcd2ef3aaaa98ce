-- A social worker's account is linked to their entry on the staff roster,
-- so that their worklist shows the cases they are responsible for.
ALTER TABLE users ADD COLUMN person_id INTEGER REFERENCES people (id);
