-- Recruitment (招聘): campaigns with their posts and the checklist of the
-- exam's organisation; applications, whose ID and phone numbers are sealed
-- like beneficiaries' and whose ID number's keyed hash makes one
-- application per person per campaign; scores in hundredths of a point.
-- Then what signing and later work add to a member of staff's record:
-- contracts and qualifications, dated, never deleted; the stations each
-- supervisor covers and the chief supervisors (总督导). The access log
-- learns to name an application as it names a beneficiary.

CREATE TABLE campaigns (
    id              INTEGER PRIMARY KEY,
    year            INTEGER NOT NULL,
    region          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    written_weight  INTEGER NOT NULL,
    interview_ratio INTEGER NOT NULL,
    medical_ratio   INTEGER NOT NULL,
    apply_from      TEXT,
    apply_to        TEXT,
    prep_on         TEXT,
    exam_on         TEXT,
    interview_on    TEXT,
    medical_on      TEXT,
    notice_from     TEXT,
    notice_to       TEXT,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX campaigns_region ON campaigns (region, year);

CREATE TABLE campaign_posts (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    code        TEXT NOT NULL,
    region      TEXT NOT NULL,
    station_id  INTEGER REFERENCES stations (id),
    title       TEXT NOT NULL,
    places      INTEGER NOT NULL
);
CREATE UNIQUE INDEX campaign_posts_code ON campaign_posts (campaign_id, code);
CREATE INDEX campaign_posts_region ON campaign_posts (region, campaign_id);

CREATE TABLE exam_tasks (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    title       TEXT NOT NULL,
    owner       TEXT NOT NULL DEFAULT '',
    due         TEXT,
    done        BOOLEAN NOT NULL DEFAULT FALSE,
    done_on     TEXT
);
CREATE INDEX exam_tasks_campaign ON exam_tasks (campaign_id, id);

CREATE TABLE applicants (
    id             INTEGER PRIMARY KEY,
    campaign_id    INTEGER NOT NULL REFERENCES campaigns (id),
    post_id        INTEGER NOT NULL REFERENCES campaign_posts (id),
    region         TEXT NOT NULL,
    number         TEXT NOT NULL,
    name           TEXT NOT NULL,
    gender         TEXT NOT NULL,
    birth          TEXT NOT NULL,
    id_number_enc  TEXT NOT NULL,
    id_number_hash TEXT NOT NULL,
    phone_enc      TEXT NOT NULL,
    education      TEXT NOT NULL,
    major          TEXT NOT NULL DEFAULT '',
    qualification  TEXT NOT NULL DEFAULT '',
    hukou          TEXT NOT NULL DEFAULT '',
    applied_on     TEXT NOT NULL,
    review         TEXT NOT NULL,
    reject_reason  TEXT NOT NULL DEFAULT '',
    written        INTEGER CHECK (written BETWEEN 0 AND 10000),
    interview      INTEGER CHECK (interview BETWEEN 0 AND 10000),
    medical        TEXT NOT NULL DEFAULT '',
    person_id      INTEGER REFERENCES people (id),
    signed_on      TEXT,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX applicants_person ON applicants (campaign_id, id_number_hash);
CREATE UNIQUE INDEX applicants_number ON applicants (campaign_id, number);
CREATE INDEX applicants_post ON applicants (post_id, id);
CREATE INDEX applicants_region ON applicants (campaign_id, region, id);

CREATE TABLE contracts (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people (id),
    region       TEXT NOT NULL,
    campaign_id  INTEGER REFERENCES campaigns (id),
    applicant_id INTEGER REFERENCES applicants (id),
    post_title   TEXT NOT NULL DEFAULT '',
    signed_on    TEXT NOT NULL,
    date_from    TEXT NOT NULL,
    date_to      TEXT,
    ended_on     TEXT,
    end_reason   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX contracts_person ON contracts (person_id, date_from);
CREATE INDEX contracts_region ON contracts (region);

CREATE TABLE qualifications (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id),
    region      TEXT NOT NULL,
    level       TEXT NOT NULL,
    obtained_on TEXT,
    certificate TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX qualifications_person ON qualifications (person_id);

CREATE TABLE supervisor_stations (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people (id),
    station_id INTEGER NOT NULL REFERENCES stations (id),
    region     TEXT NOT NULL,
    date_from  TEXT NOT NULL,
    date_to    TEXT
);
CREATE INDEX supervisor_stations_person ON supervisor_stations (person_id, date_from);
CREATE INDEX supervisor_stations_region ON supervisor_stations (region, date_from);

CREATE TABLE chief_supervisors (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id),
    region    TEXT NOT NULL,
    title     TEXT NOT NULL,
    date_from TEXT NOT NULL,
    date_to   TEXT
);
CREATE INDEX chief_supervisors_region ON chief_supervisors (region);

ALTER TABLE access_log ADD COLUMN applicant_id INTEGER REFERENCES applicants (id);
CREATE INDEX access_log_applicant ON access_log (applicant_id, id);
