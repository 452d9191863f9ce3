// Setup of the http-on-postgres jest project: the HTTP suites run unchanged on PostgreSQL.
process.env.TEST_DB_DRIVER = 'postgres';
