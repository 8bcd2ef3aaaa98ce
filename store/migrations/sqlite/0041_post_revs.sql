-- A post's rev changes with every write to its applications, so that a
-- ranking kept by CampaignRanking (store/ranking.go) ranks again only the
-- posts whose applications changed: entering one score moved the whole
-- recruitment version on, and a city's 6,000 applications were read and
-- ranked again for the next view, three times the time of a kept one.
-- Only equality of revs matters; a post's own columns, and the campaign's
-- rules, are compared as read.
--
-- The rev is the recruitment version (0039) just after the write, which
-- each write to an application moves on: no two writes leave the same
-- rev, not even on a post made again under an id used before (SQLite may
-- give a new row the id of a deleted one). 0039's triggers on applicants
-- are made again here so that one trigger does both, in this order.
ALTER TABLE campaign_posts ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER recruitment_applicants_insert;
DROP TRIGGER recruitment_applicants_update;
DROP TRIGGER recruitment_applicants_delete;

CREATE TRIGGER recruitment_applicants_insert AFTER INSERT ON applicants
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'recruitment';
    UPDATE campaign_posts SET rev = (SELECT version FROM data_versions WHERE name = 'recruitment') WHERE id = NEW.post_id;
END;

CREATE TRIGGER recruitment_applicants_update AFTER UPDATE ON applicants
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'recruitment';
    UPDATE campaign_posts SET rev = (SELECT version FROM data_versions WHERE name = 'recruitment') WHERE id IN (OLD.post_id, NEW.post_id);
END;

CREATE TRIGGER recruitment_applicants_delete AFTER DELETE ON applicants
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'recruitment';
    UPDATE campaign_posts SET rev = (SELECT version FROM data_versions WHERE name = 'recruitment') WHERE id = OLD.post_id;
END;
