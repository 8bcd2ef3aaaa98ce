-- Attachments (附件) on beneficiaries' files and visits: photos of
-- documents and PDFs, kept in the database with their checksum so a backup
-- of the database holds them and what is served is what was uploaded.
CREATE TABLE attachments (
    id             INTEGER PRIMARY KEY,
    beneficiary_id INTEGER NOT NULL REFERENCES beneficiaries (id),
    visit_id       INTEGER REFERENCES visits (id),
    region         TEXT NOT NULL,
    name           TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size           INTEGER NOT NULL,
    sha256         TEXT NOT NULL,
    data           BLOB NOT NULL,
    thumb          BLOB,
    created_at     TIMESTAMP NOT NULL,
    created_by     TEXT NOT NULL
);
CREATE INDEX attachments_beneficiary ON attachments (beneficiary_id, id);
