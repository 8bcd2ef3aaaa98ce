-- The whole state a progress table reads of a site, dated: built or planned
-- and the office, besides the equipment (0010). Changing a station today
-- must not change the table of an earlier day.
ALTER TABLE equipment_history ADD COLUMN status TEXT;
ALTER TABLE equipment_history ADD COLUMN office BOOLEAN;
UPDATE equipment_history SET status = (SELECT s.status FROM stations s WHERE s.id = equipment_history.site_id),
    office = (SELECT s.office FROM stations s WHERE s.id = equipment_history.site_id)
    WHERE site_kind = 'station';
UPDATE equipment_history SET status = (SELECT p.status FROM points p WHERE p.id = equipment_history.site_id),
    office = (SELECT p.office FROM points p WHERE p.id = equipment_history.site_id)
    WHERE site_kind = 'point';
