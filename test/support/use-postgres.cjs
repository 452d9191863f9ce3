// Setup of the component-on-postgres jest project: the component suites run unchanged on PostgreSQL.
process.env.TEST_DB_DRIVER = 'postgres';
