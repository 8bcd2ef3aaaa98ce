-- The data version of recruitment (store/ranking.go): a campaign, its
-- posts and its applications. A ranking is computed from the scores each
-- time they are read; kept under this version, it is computed again only
-- after one of them changes. A city's campaign is 1,200 applications, and
-- reading and ranking them was most of the ranking API's time.
INSERT INTO data_versions (name, version) VALUES ('recruitment', 1);

CREATE TRIGGER recruitment_campaigns_insert AFTER INSERT ON campaigns
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'recruitment'; END;

CREATE TRIGGER recruitment_campaigns_update AFTER UPDATE ON campaigns
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'recruitment'; END;

CREATE TRIGGER recruitment_campaigns_delete AFTER DELETE ON campaigns
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'recruitment'; END;

CREATE TRIGGER recruitment_posts_insert AFTER INSERT ON campaign_posts
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'recruitment'; END;

CREATE TRIGGER recruitment_posts_update AFTER UPDATE ON campaign_posts
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'recruitment'; END;

CREATE TRIGGER recruitment_posts_delete AFTER DELETE ON campaign_posts
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'recruitment'; END;

CREATE TRIGGER recruitment_applicants_insert AFTER INSERT ON applicants
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'recruitment'; END;

CREATE TRIGGER recruitment_applicants_update AFTER UPDATE ON applicants
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'recruitment'; END;

CREATE TRIGGER recruitment_applicants_delete AFTER DELETE ON applicants
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'recruitment'; END;
