-- The data version of recruitment (store/ranking.go): a campaign, its
-- posts and its applications. A ranking is computed from the scores each
-- time they are read; kept under this version, it is computed again only
-- after one of them changes. A city's campaign is 1,200 applications, and
-- reading and ranking them was most of the ranking API's time. Bumped at
-- the commit, once a transaction, by 0038's function: a score import of
-- 30,000 rows updates the version's row once.
INSERT INTO data_versions (name, version) VALUES ('recruitment', 1);

CREATE CONSTRAINT TRIGGER recruitment_campaigns AFTER INSERT OR DELETE OR UPDATE ON campaigns
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('recruitment');
CREATE CONSTRAINT TRIGGER recruitment_posts AFTER INSERT OR DELETE OR UPDATE ON campaign_posts
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('recruitment');
CREATE CONSTRAINT TRIGGER recruitment_applicants AFTER INSERT OR DELETE OR UPDATE ON applicants
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('recruitment');
