"""The functions an analyst's statement may call in the SQL console: an allow-list, by family.

Only pure functions are here — they compute from their arguments and nothing else: no settings,
no variables, no sequences, no files, no system tables, no statistics of a whole table, no
sleeping. DuckDB's system functions and the built-in macros that run queries of their own
(`duckdb_*`, `pg_*`, `stats`, `current_setting`, `getvariable`, `get_block_size`, `query` …) are
simply not listed; dashboard.data.sqlguard refuses every function that is not, naming it.

tests/test_sql_functions.py checks each name against the installed DuckDB (it exists; a macro
here runs no query) so a typo or an upgrade shows up as a failing test, not as a hole.
"""

from __future__ import annotations


def _names(*families: str) -> frozenset[str]:
    return frozenset(name for family in families for name in family.split())


OPERATORS = """
+ - * / // % ** ^ & | << >> ~ || ~~ !~~ ~~* !~~* ~~~ ^@ = != <> < <= > >= <=> @> <@ && ->> @
!__postfix
"""
MATH = """
abs acos acosh asin asinh atan atan2 atanh cbrt ceil ceiling cos cosh cot degrees divide
even exp factorial floor fmod gamma gcd greatest greatest_common_divisor isfinite isinf isnan
lcm least least_common_multiple lgamma ln log log10 log2 mod multiply nextafter pi pow power
radians random round round_even roundbankers sign signbit sin sinh sqrt subtract add tan tanh
trunc xor bit_count get_bit set_bit bit_length bit_position bitstring bin unbin hex unhex
to_base equi_width_bins fdiv
"""
STRINGS = """
ascii bar char_length character_length chr concat concat_ws contains ends_with format
formatReadableDecimalSize formatReadableSize format_bytes parse_formatted_bytes ilike_escape
instr lcase left left_grapheme len length length_grapheme like_escape lower lpad ltrim md5
md5_number md5_number_lower md5_number_upper mismatches nfc_normalize not_ilike_escape
not_like_escape octet_length ord position prefix printf repeat replace reverse right
right_grapheme rpad rtrim sha1 sha256 split split_part starts_with str_split strip_accents
strlen strpos string_split string_to_array substr substring substring_grapheme suffix translate
trim ucase unicode upper url_decode url_encode hamming damerau_levenshtein editdist3 jaccard
jaro_similarity jaro_winkler_similarity levenshtein base64 to_base64 from_base64 encode decode
to_binary from_binary to_hex from_hex hash uuid gen_random_uuid uuidv4 uuidv7
uuid_extract_timestamp uuid_extract_version
"""
REGEXP = """
regexp_escape regexp_extract regexp_extract_all regexp_full_match regexp_matches regexp_replace
regexp_split_to_array regexp_split_to_table str_split_regex string_split_regex
"""
DATES = """
age ago century current_date current_localtime current_localtimestamp date_add date_diff
date_part date_sub date_trunc datediff datepart datesub datetrunc day dayname dayofmonth
dayofweek dayofyear days_in_month decade epoch epoch_ms epoch_ns epoch_us era
get_current_time get_current_timestamp hour isodow isoyear julian last_day make_date make_time
make_timestamp make_timestamp_ms make_timestamp_ns make_timestamptz microsecond millennium
millisecond minute month monthname nanosecond normalized_interval now quarter second strftime
strptime time_bucket timezone timezone_hour timezone_minute to_centuries to_days to_decades
to_hours to_microseconds to_millennia to_milliseconds to_minutes to_months to_quarters
to_seconds to_timestamp to_weeks to_years today transaction_timestamp try_strptime week
weekday weekofyear year yearweek
"""
LISTS = """
aggregate apply array_aggr array_aggregate array_append array_apply array_cat array_concat
array_contains array_cosine_distance array_cosine_similarity array_cross_product array_distance
array_distinct array_dot_product array_extract array_filter array_grade_up array_has
array_has_all array_has_any array_indexof array_inner_product array_intersect array_length
array_negative_dot_product array_negative_inner_product array_pop_back array_pop_front
array_position array_prepend array_push_back array_push_front array_reduce array_resize
array_reverse array_reverse_sort array_select array_slice array_sort array_to_string
array_transform array_unique array_value array_where array_zip cardinality element_at filter
flatten generate_series generate_subscripts grade_up list_aggr list_aggregate list_any_value
list_append list_apply list_approx_count_distinct list_avg list_bit_and list_bit_or
list_bit_xor list_bool_and list_bool_or list_cat list_concat list_contains
list_cosine_distance list_cosine_similarity list_count list_distance list_distinct
list_dot_product list_element list_entropy list_extract list_filter list_first list_grade_up
list_has list_has_all list_has_any list_histogram list_indexof list_inner_product
list_intersect list_kurtosis list_kurtosis_pop list_last list_mad list_max list_median
list_min list_mode list_negative_dot_product list_negative_inner_product list_pack
list_position list_prepend list_product list_reduce list_resize list_reverse
list_reverse_sort list_select list_sem list_skewness list_slice list_sort list_stddev_pop
list_stddev_samp list_string_agg list_sum list_transform list_unique list_value list_var_pop
list_var_samp list_where list_zip range reduce unnest
"""
STRUCTS_AND_MAPS = """
map map_concat map_contains map_contains_entry map_contains_value map_entries map_extract
map_extract_value map_from_entries map_keys map_values row struct_concat struct_contains
struct_extract struct_extract_at struct_has struct_indexof struct_insert struct_keys
struct_pack struct_position struct_update struct_values union_extract union_tag union_value
"""
JSON = """
json json_array json_array_length json_contains json_exists json_extract json_extract_path
json_extract_path_text json_extract_string json_keys json_merge_patch json_object json_pretty
json_quote json_structure json_transform json_transform_strict json_type json_valid
json_value from_json from_json_strict to_json array_to_json row_to_json json_group_array
json_group_object json_group_structure
"""
CONDITIONALS = """
if nullif coalesce ifnull typeof
"""
AGGREGATES = """
any_value approx_count_distinct approx_quantile approx_top_k arbitrary arg_max arg_max_null
arg_max_nulls_last arg_min arg_min_null arg_min_nulls_last argmax argmin array_agg avg bit_and
bit_or bit_xor bitstring_agg bool_and bool_or corr count count_if count_star countif covar_pop
covar_samp entropy favg first fsum geomean geometric_mean group_concat histogram
histogram_exact kahan_sum kurtosis kurtosis_pop last list listagg mad max max_by mean median
min min_by mode product quantile quantile_cont quantile_disc regr_avgx regr_avgy regr_count
regr_intercept regr_r2 regr_slope regr_sxx regr_sxy regr_syy reservoir_quantile sem skewness
stddev stddev_pop stddev_samp string_agg sum sumkahan var_pop var_samp variance weighted_avg
wavg
"""
WINDOWS = """
cume_dist dense_rank fill first_value lag last_value lead nth_value ntile percent_rank rank
rank_dense row_number
"""

#: Functions (scalar, aggregate, operator, pure macro) a statement may call by name.
FUNCTIONS = _names(
    OPERATORS, MATH, STRINGS, REGEXP, DATES, LISTS, STRUCTS_AND_MAPS, JSON, CONDITIONALS, AGGREGATES
)
#: Aggregates, also by name: list_aggr(list, 'name') calls the aggregate it names.
AGGREGATE_FUNCTIONS = _names(AGGREGATES)
#: Functions whose second argument names an aggregate to call.
BY_NAME = _names("aggregate array_aggr array_aggregate list_aggr list_aggregate")
#: Functions a statement may call with OVER (…): the window functions and every aggregate.
WINDOW_FUNCTIONS = _names(WINDOWS, AGGREGATES)
#: Table functions a statement may read FROM: numbers and lists, nothing of the database.
TABLE_FUNCTIONS = _names("range generate_series unnest")
