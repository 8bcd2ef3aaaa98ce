-- Files an import filed with an item that filing by hand requires still
-- missing (待补充): a village's register often gives a person's group 残疾人
-- but not yet the disability's type and grade. One row per file and item,
-- with the file the import read; a hand edit completes the file and clears
-- its rows. The file's region is kept here too (and moved with the file),
-- so that a town's list reads the town's rows, not every file's.
CREATE TABLE beneficiary_gaps (
    beneficiary_id BIGINT NOT NULL REFERENCES beneficiaries (id),
    region         TEXT COLLATE "C" NOT NULL,
    item           TEXT NOT NULL,
    source         TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (beneficiary_id, item)
);
CREATE INDEX beneficiary_gaps_region ON beneficiary_gaps (region, beneficiary_id);
