"""Apache Spark through Spark Connect (GRIDDASH_ENGINE=spark): the session, the warehouse ingest
and the catalog. Imported only when that engine is chosen."""
