"""The SQL console's escape list (issue 12): every attempt a hostile district lead made, or that we
thought of, to reach files, settings, the database's own description, other districts' rows or
the machine — each with a part of the one-line refusal it must get. tests/test_escape.py runs
them three ways; tests/test_console.py through the page's execution path.

(id, SQL, a part of what the refusal says). Placeholders: {alias} the attached catalog, {catalog}
its file, {exports} the exports folder, {out} an empty folder outside both.
"""

NOT_SELECT = "only SELECT statements are allowed, found"
NOT_FUNCTION = "is not allowed in the console; expected a pure function"

FILES = [
    ("read_csv", "select * from read_csv('/etc/passwd')", "table function 'read_csv'"),
    ("read_csv_auto", "select * from read_csv_auto('/etc/passwd')", "'read_csv_auto'"),
    ("read_text", "select * from read_text('/etc/passwd')", "table function 'read_text'"),
    ("read_blob", "select * from read_blob('/etc/passwd')", "table function 'read_blob'"),
    ("read_json", "select * from read_json('/etc/passwd')", "table function 'read_json'"),
    ("read_ndjson", "select * from read_ndjson_objects('/etc/hosts')", "'read_ndjson_objects'"),
    ("glob", "select * from glob('/etc/*')", "table function 'glob'"),
    ("bare-path", "select * from '/etc/passwd'", "table '/etc/passwd' is not available"),
    ("from-path", "from '/etc/passwd'", "table '/etc/passwd' is not available"),
    ("sniff_csv", "select * from sniff_csv('/etc/passwd')", "table function 'sniff_csv'"),
    ("read_duckdb-catalog", "select * from read_duckdb('{catalog}')", "'read_duckdb'"),
    ("read_text-catalog", "select * from read_text('{catalog}')", "'read_text'"),
    ("bare-path-catalog", "select * from '{catalog}'", "is not available"),
    (
        "read_parquet-exports",
        "select count(*) from read_parquet('{exports}/incidents/**/*.parquet')",
        "table function 'read_parquet'",
    ),
    (
        "parquet_scan-exports",
        "select count(*) from parquet_scan('{exports}/incidents/**/*.parquet')",
        "table function 'parquet_scan'",
    ),
    (
        "parquet_metadata",
        "select * from parquet_metadata('{exports}/incidents/**/*.parquet')",
        "'parquet_metadata'",
    ),
    (
        "bare-path-exports",
        "select count(*) from '{exports}/incidents/**/*.parquet'",
        "/incidents/**/*.parquet' is not available",
    ),
    ("glob-exports", "select * from glob('{exports}/**')", "table function 'glob'"),
    (
        "read_csv-in-subquery",
        "select (select count(*) from read_csv('/etc/passwd')) as n",
        "table function 'read_csv'",
    ),
    (
        "read_csv-in-cte",
        "with p as (select * from read_csv('/etc/passwd')) select * from p",
        "table function 'read_csv'",
    ),
]
WRITES = [
    (
        "copy-into-exports",
        "copy (select * from incidents) to "
        "'{exports}/incidents/year=2026/month=10/part-9.parquet' (format parquet)",
        f"{NOT_SELECT} COPY",
    ),
    (
        "copy-outside",
        "copy (select * from incidents) to '{out}/incidents.csv'",
        f"{NOT_SELECT} COPY",
    ),
    ("copy-from", "copy incidents from '/etc/passwd'", f"{NOT_SELECT} COPY"),
    ("export-database", "export database '{out}/dump'", f"{NOT_SELECT} EXPORT"),
    ("import-database", "import database '{out}'", "only SELECT statements are allowed"),
    (
        "smuggled-copy",
        "select 1; copy (select * from incidents) to '{out}/smuggled.csv'",
        "expected one statement, found 2",
    ),
    ("smuggled-set", "select 1; set enable_external_access = true", "expected one statement"),
    ("trailing-drop", "select 1; drop view incidents", "expected one statement, found 2"),
]
DATABASES = [
    ("attach-other", "attach '{out}/other.duckdb' as other", f"{NOT_SELECT} ATTACH"),
    ("attach-catalog", "attach '{catalog}' as again (read_only)", f"{NOT_SELECT} ATTACH"),
    ("detach", "detach {alias}", f"{NOT_SELECT} DETACH"),
    ("use-alias", "use {alias}", f"{NOT_SELECT} SET"),
    ("install-httpfs", "install httpfs", f"{NOT_SELECT} LOAD"),
    ("load-httpfs", "load httpfs", f"{NOT_SELECT} LOAD"),
    ("update-extensions", "update extensions", "only SELECT statements are allowed"),
    ("create-secret", "create secret (type s3, key_id 'a', secret 'b')", f"{NOT_SELECT} CREATE"),
]
SETTINGS = [
    ("set-external-access", "set enable_external_access = true", f"{NOT_SELECT} SET"),
    ("reset-lock", "reset lock_configuration", f"{NOT_SELECT} SET"),
    ("set-memory", "set memory_limit = '100GB'", f"{NOT_SELECT} SET"),
    ("set-variable", "set variable x = 1", f"{NOT_SELECT} SET"),
    ("pragma-profiling", "pragma enable_profiling", f"{NOT_SELECT} PRAGMA"),
    ("pragma-database_list", "pragma database_list", f"{NOT_SELECT} PRAGMA"),
    ("call-settings", "call duckdb_settings()", f"{NOT_SELECT} CALL"),
    (
        "current_setting",
        "select current_setting('memory_limit')",
        f"'current_setting' {NOT_FUNCTION}",
    ),
    ("getvariable", "select getvariable('x')", f"'getvariable' {NOT_FUNCTION}"),
    ("duckdb_settings", "select * from duckdb_settings()", "table function 'duckdb_settings'"),
    ("pragma_show", "select * from pragma_show('incidents')", "table function 'pragma_show'"),
]
CHANGES = [
    ("create-table", "create table t as select * from incidents", f"{NOT_SELECT} CREATE"),
    ("create-temp", "create temp table t as select 1", f"{NOT_SELECT} CREATE"),
    (
        "create-view",
        "create view v as select * from {alias}.main.incidents",
        f"{NOT_SELECT} CREATE",
    ),
    ("create-macro", "create macro m(x) as x", f"{NOT_SELECT} CREATE"),
    ("create-sequence", "create sequence s", f"{NOT_SELECT} CREATE"),
    ("drop-view", "drop view incidents", f"{NOT_SELECT} DROP"),
    ("insert", "insert into incidents select * from incidents", f"{NOT_SELECT} INSERT"),
    ("update", "update incidents set status = 'closed'", f"{NOT_SELECT} UPDATE"),
    ("delete", "delete from incidents", f"{NOT_SELECT} DELETE"),
    ("checkpoint", "checkpoint", "only SELECT statements are allowed"),
    ("vacuum", "vacuum", "only SELECT statements are allowed"),
    ("begin", "begin transaction", "only SELECT statements are allowed"),
    ("prepare", "prepare p as select 1", "only SELECT statements are allowed"),
    ("explain", "explain select * from incidents", f"{NOT_SELECT} EXPLAIN"),
    ("explain-analyze", "explain analyze select * from incidents", f"{NOT_SELECT} EXPLAIN"),
]
ALIAS = [  # the unscoped tables, by the attached alias
    ("alias-main", "select * from {alias}.main.incidents", "table '{alias}.main.incidents'"),
    ("alias-table", "select * from {alias}.incidents", "table '{alias}.incidents'"),
    (
        "alias-quoted",
        'select * from "{alias}"."main"."incidents"',
        "table '{alias}.main.incidents'",
    ),
    ("summarize-alias", "summarize {alias}.main.incidents", "table '{alias}.main.incidents'"),
    ("describe-alias", "describe {alias}.main.incidents", "table '{alias}.main.incidents'"),
    (
        "subquery-in-select",
        "select (select count(*) from {alias}.main.incidents) as n",
        "table '{alias}.main.incidents'",
    ),
    (
        "subquery-in-where",
        "select count(*) from grids where grid_code not in (select grid_code from {alias}.main.grids)",
        "table '{alias}.main.grids'",
    ),
    (
        "cte",
        "with every_incident as (select * from {alias}.main.incidents) "
        "select count(*) from every_incident",
        "table '{alias}.main.incidents'",
    ),
    (
        "join-alias",
        "select count(*) from grids g join {alias}.main.grids a using (grid_code)",
        "table '{alias}.main.grids'",
    ),
    (
        "lambda-subquery",
        "select list_transform([1], lambda x: (select count(*) from {alias}.main.incidents))",
        "table '{alias}.main.incidents'",
    ),
    (
        "unnest-subquery",
        "select * from unnest((select list(grid_code) from {alias}.main.incidents))",
        "table '{alias}.main.incidents'",
    ),
    ("main-qualified-view", "select * from main.incidents", "table 'main.incidents'"),
    ("memory-qualified", "select * from memory.main.incidents", "table 'memory.main.incidents'"),
    ("catalog-city-table", "select * from {alias}.main.catalog_tables", "is not available"),
    ("city-wide-counts", "select * from catalog_tables", "table 'catalog_tables' is not available"),
    ("city-wide-files", "select * from catalog_files", "table 'catalog_files' is not available"),
]
SQL_RUNNING_FUNCTIONS = [  # table functions that run SQL of their own, or read the database
    (
        "query-function",
        "select * from query('select * from {alias}.main.incidents')",
        "table function 'query'",
    ),
    ("query_table", "select * from query_table('incidents')", "table function 'query_table'"),
    (
        "json_execute_serialized_sql",
        "select * from json_execute_serialized_sql(json_serialize_sql('select 1'))",
        "table function 'json_execute_serialized_sql'",
    ),
    ("pragma_table_info", "select * from pragma_table_info('incidents')", "'pragma_table_info'"),
    (
        "pragma_storage_info",
        "select * from pragma_storage_info('incidents')",
        "'pragma_storage_info'",
    ),
    ("pragma_database_size", "select * from pragma_database_size()", "'pragma_database_size'"),
    ("test_all_types", "select * from test_all_types()", "table function 'test_all_types'"),
    ("repeat_row", "select * from repeat_row(1, num_rows := 3)", "table function 'repeat_row'"),
    ("qualified-range", "select * from system.main.range(3)", "table function 'range'"),
]
SYSTEM = [  # system catalogs (they name the alias, every table, every view's definition)
    ("duckdb_databases", "select * from duckdb_databases()", "table function 'duckdb_databases'"),
    ("duckdb_tables()", "select * from duckdb_tables()", "table function 'duckdb_tables'"),
    ("duckdb_views()", "select sql from duckdb_views()", "table function 'duckdb_views'"),
    ("duckdb_columns()", "select * from duckdb_columns()", "table function 'duckdb_columns'"),
    ("duckdb_functions()", "select * from duckdb_functions()", "'duckdb_functions'"),
    ("duckdb_memory()", "select * from duckdb_memory()", "table function 'duckdb_memory'"),
    ("duckdb_secrets()", "select * from duckdb_secrets()", "table function 'duckdb_secrets'"),
    ("duckdb_extensions()", "select * from duckdb_extensions()", "'duckdb_extensions'"),
    (
        "duckdb_temporary_files",
        "select * from duckdb_temporary_files()",
        "'duckdb_temporary_files'",
    ),
    ("duckdb_tables-view", "select * from duckdb_tables", "table 'duckdb_tables'"),
    ("duckdb_views-view", "select * from duckdb_views", "table 'duckdb_views'"),
    (
        "system-qualified",
        "select * from system.main.duckdb_tables",
        "table 'system.main.duckdb_tables'",
    ),
    ("information_schema", "select * from information_schema.tables", "table 'information_schema"),
    (
        "information_schema-columns",
        "select * from information_schema.columns",
        "information_schema",
    ),
    ("pg_catalog", "select * from pg_catalog.pg_class", "table 'pg_catalog.pg_class'"),
    ("pg_class-unqualified", "select * from pg_class", "table 'pg_class' is not available"),
    ("pg_views-unqualified", "select definition from pg_views", "table 'pg_views'"),
    ("pg_tables-unqualified", "select * from pg_tables", "table 'pg_tables' is not available"),
    ("show databases", "show databases", "SHOW of the database is not allowed"),
    ("show tables", "show tables", "SHOW of the database is not allowed"),
    ("show all tables", "show all tables", "SHOW of the database is not allowed"),
    ("show a system view", "show duckdb_tables", "table 'duckdb_tables' is not available"),
]
# DuckDB resolves a non-recursive CTE's own name inside its body, a later sibling's name and
# main.<name> to the database's object, not to the CTE: no CTE may take such a name at all.
CTE_SHADOWING = [
    (
        "cte-sibling-databases",
        "with a as (select * from duckdb_databases), duckdb_databases as (select 1) "
        "select database_name, path from a",
        "CTE name 'duckdb_databases' is the name of a table or function",
    ),
    (
        "cte-main-tables",
        "with duckdb_tables as (select 1) select * from main.duckdb_tables",
        "CTE name 'duckdb_tables'",
    ),
    (
        "cte-own-body-views",
        "with duckdb_views as (select * from duckdb_views) select sql from duckdb_views",
        "CTE name 'duckdb_views'",
    ),
    (
        "cte-recursive-settings",
        "with recursive duckdb_settings as (select 1) select * from duckdb_settings",
        "CTE name 'duckdb_settings'",
    ),
    (
        "cte-sibling-pg_tables",
        "with a as (select * from pg_tables), pg_tables as (select 1) select * from a",
        "CTE name 'pg_tables'",
    ),
    (
        "cte-shadowing-view",
        "with incidents as (select * from {alias}.main.incidents) select count(*) from incidents",
        "CTE name 'incidents'",
    ),
    (
        "cte-shadowing-own-view",
        "with grids as (select * from grids) select count(*) from grids",
        "CTE name 'grids'",
    ),
    ("cte-table-function", "with range as (select 1) select * from range", "CTE name 'range'"),
    (
        "cte-schema-name",
        "with information_schema as (select 1) select * from information_schema",
        "CTE name 'information_schema'",
    ),
    (
        "cte-name-out-of-scope",
        "select * from (with duckdb_tables as (select 1) select 1) t, duckdb_tables",
        "CTE name 'duckdb_tables'",
    ),
    (
        "cte-path-name",
        """select * from (with "/etc/passwd" as (select 1) select 1) t, '/etc/passwd'""",
        "CTE name '/etc/passwd': expected a plain word",
    ),
    (
        "cte-dotted-name",
        'with "{alias}.main.incidents" as (select 1) select * from "{alias}.main.incidents"',
        "expected a plain word",
    ),
    (
        "cte-mixed-case",
        "with DuckDB_Views as (select 1) select * from duckdb_views",
        "CTE name 'DuckDB_Views'",
    ),
]
# Built-in functions and macros that read the database or the session, not their arguments.
FUNCTIONS = [
    (
        "pg_get_viewdef",
        "select i, pg_get_viewdef(i) from range(0, 200000) t(i) "
        "where pg_get_viewdef(i) like '%catalog_%'",
        f"'pg_get_viewdef' {NOT_FUNCTION}",
    ),
    ("pg_get_constraintdef", "select pg_get_constraintdef(1)", "'pg_get_constraintdef'"),
    ("format_type", "select format_type(1, 1)", f"'format_type' {NOT_FUNCTION}"),
    ("get_block_size", "select get_block_size('memory')", f"'get_block_size' {NOT_FUNCTION}"),
    ("current_database", "select current_database()", f"'current_database' {NOT_FUNCTION}"),
    ("current_catalog", "select current_catalog()", f"'current_catalog' {NOT_FUNCTION}"),
    ("current_schemas", "select current_schemas(true)", f"'current_schemas' {NOT_FUNCTION}"),
    ("current_query", "select current_query()", f"'current_query' {NOT_FUNCTION}"),
    ("in_search_path", "select in_search_path('{alias}', 'main')", "'in_search_path'"),
    ("version", "select version()", f"'version' {NOT_FUNCTION}"),
    ("nextval", "select nextval('s')", f"'nextval' {NOT_FUNCTION}"),
    ("setseed", "select setseed(0.5)", f"'setseed' {NOT_FUNCTION}"),
    ("sleep_ms", "select sleep_ms(100000)", f"'sleep_ms' {NOT_FUNCTION}"),
    ("pg_sleep", "select pg_sleep(100)", f"'pg_sleep' {NOT_FUNCTION}"),
    ("txid_current", "select txid_current()", f"'txid_current' {NOT_FUNCTION}"),
    ("json_serialize_sql", "select json_serialize_sql('select 1')", "'json_serialize_sql'"),
    ("write_log", "select write_log('x')", f"'write_log' {NOT_FUNCTION}"),
    ("pg-qualified", "select pg_catalog.pg_get_viewdef(1)", "function 'pg_catalog.pg_get_viewdef'"),
    ("system-qualified-fn", "select system.main.lower('a')", "function 'system.main.lower'"),
    ("main-qualified-fn", "select main.upper('a')", "function 'main.upper'"),
    (
        "in-lambda",
        "select list_transform([1, 2], lambda i: pg_get_viewdef(i))",
        f"'pg_get_viewdef' {NOT_FUNCTION}",
    ),
    (
        "in-window",
        "select current_setting('threads') over () from grids",
        "'current_setting'",
    ),
    ("in-order-by", "select 1 order by current_database()", "'current_database'"),
    ("in-having", "select count(*) from grids having current_query() <> ''", "'current_query'"),
    ("parameter", "select $1", "parameters ($name, ?) are not supported here"),
]
SETTINGS_BY_SHOW = [  # SHOW of a name that is no table shows the setting of that name
    (
        "show-setting-via-cte",
        "with allowed_paths as (select 1) select allowed_paths::varchar as p "
        "from (show allowed_paths)",
        "CTE name 'allowed_paths'",
    ),
    (
        "show-temp_directory-via-cte",
        "with temp_directory as (select 1) select * from (show temp_directory)",
        "CTE name 'temp_directory'",
    ),
    ("show-cte", "with a as (select 1) select * from (show a)", "table 'a' is not available"),
    ("show-setting", "select * from (show memory_limit)", "table 'memory_limit' is not available"),
    ("describe-setting", "describe threads", "table 'threads' is not available"),
]
BY_NAME = [  # list_aggr(list, 'name') calls the aggregate it names
    (
        "list_aggr-unlisted",
        "select list_aggr([1, 2], 'sum_no_overflow')",
        "aggregate 'sum_no_overflow' is not allowed",
    ),
    (
        "list_aggr-computed-name",
        "select list_aggr([1, 2], name) from (select 'sum' as name)",
        "expected the aggregate's name as a literal string",
    ),
    ("aggregate-alias", "select aggregate([1], 'stats')", "aggregate 'stats' is not allowed"),
]
STATS = [  # stats() describes the whole table through a scoped view
    ("stats-grid_code", "select stats(grid_code)::varchar from incidents limit 1", "'stats'"),
    ("stats-reported_at", "select stats(reported_at) from incidents", "'stats'"),
    ("stats-in-subquery", "select (select stats(grid_code) from grids limit 1)", "'stats'"),
    (
        "stats-in-lambda",
        "select list_transform([grid_code], lambda g: stats(g)) from grids",
        "'stats'",
    ),
    (
        "stats-in-where",
        "select count(*) from grids where stats(grid_code) like '%1401%'",
        "'stats'",
    ),
]
ESCAPES = (
    FILES
    + WRITES
    + DATABASES
    + SETTINGS
    + CHANGES
    + ALIAS
    + SQL_RUNNING_FUNCTIONS
    + SYSTEM
    + CTE_SHADOWING
    + FUNCTIONS
    + STATS
    + SETTINGS_BY_SHOW
    + BY_NAME
)
ESCAPE_IDS = [entry[0] for entry in ESCAPES]
