-- Full-text search (全文检索) of published items — briefings, news — with
-- an index of the project's own: each item's unigrams and bigrams of Han
-- text and its words and digit runs (shuangbai.Grams), (gram, item) as the
-- key. SQLite's FTS5 trigram and PostgreSQL's pg_trgm find nothing for a
-- two-character word (低保, 老人); these tables work alike on both engines.
CREATE TABLE search_items (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    item_id      INTEGER NOT NULL,
    region       TEXT NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX search_items_item ON search_items (kind, item_id);
CREATE INDEX search_items_region ON search_items (region, published_at);

CREATE TABLE search_grams (
    gram TEXT NOT NULL,
    doc  INTEGER NOT NULL REFERENCES search_items (id) ON DELETE CASCADE,
    PRIMARY KEY (gram, doc)
);
CREATE INDEX search_grams_doc ON search_grams (doc);
