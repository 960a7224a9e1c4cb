DROP TABLE sheet_syncs;
DROP TABLE sheet_sources;
