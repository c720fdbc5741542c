"""Strings of the analyst SQL console (/sql), and the purposes of the briefing's named
queries it lists as examples."""

STRINGS: dict[str, dict[str, str]] = {
    "nav_sql": {"zh": "SQL 控制台", "en": "SQL console"},
    "nav_section_analysis": {"zh": "分析", "en": "Analysis"},
    "sql_title": {"zh": "SQL 控制台", "en": "SQL console"},
    "sql_sub": {
        "zh": "{centre} · SQL 控制台 · 范围：{place}",
        "en": "{centre} · SQL console · scope: {place}",
    },
    "sql_scope_city": {"zh": "全市", "en": "whole city"},
    "sql_read_only": {"zh": "只读", "en": "Read-only"},
    "sql_editor": {"zh": "SQL 查询", "en": "SQL query"},
    "sql_editor_help": {
        "zh": "一条 SELECT 查询，只能读取左侧列出的表。Ctrl+Enter 运行。",
        "en": "One SELECT statement over the tables listed on the left. Ctrl+Enter runs it.",
    },
    "sql_run": {"zh": "运行", "en": "Run"},
    "sql_limits": {
        "zh": "Ctrl+Enter 运行 · 最多显示 {rows} 行 · 时限 {seconds} 秒 · 内存上限 {memory}",
        "en": "Ctrl+Enter runs · at most {rows} rows shown · time limit {seconds} s · memory limit {memory}",
    },
    "sql_empty": {"zh": "请输入一条 SELECT 查询。", "en": "Type a SELECT statement."},
    "sql_not_run": {
        "zh": "按“运行”或 Ctrl+Enter 运行上面的查询；左侧可查看数据表、示例查询和历史。",
        "en": "Press Run or Ctrl+Enter to run the statement above; the tables, examples and history are on the left.",
    },
    "sql_ran": {"zh": "已运行的查询", "en": "The statement that ran"},
    "sql_rows": {"zh": "{rows} 行", "en": "{rows} rows"},
    "sql_rows_one": {"zh": "{rows} 行", "en": "{rows} row"},
    "sql_ms": {"zh": "耗时 {ms} 毫秒", "en": "{ms} ms"},
    "sql_more_rows": {
        "zh": "还有更多行：只显示前 {rows} 行",
        "en": "More rows exist: the first {rows} are shown",
    },
    "sql_more_rows_help": {
        "zh": "图表和下载文件同样只含前 {rows} 行。要全部行，请加上条件或聚合，或在命令行运行：",
        "en": "The chart and the downloads hold these {rows} rows too. For every row, filter or aggregate, or run on the command line:",
    },
    "sql_no_rows": {"zh": "查询没有返回任何行。", "en": "The statement returned no rows."},
    "sql_download": {"zh": "下载 {fmt}", "en": "Download {fmt}"},
    "sql_tab_tables": {"zh": "数据表", "en": "Tables"},
    "sql_tab_examples": {"zh": "示例查询", "en": "Examples"},
    "sql_tab_history": {"zh": "历史", "en": "History"},
    "sql_find": {"zh": "查找表或字段", "en": "Find a table or column"},
    "sql_find_placeholder": {
        "zh": "例如：超期、deadline、人口",
        "en": "e.g. deadline, overdue, population",
    },
    "sql_find_none": {"zh": "没有匹配的表或字段。", "en": "No table or column matches."},
    "sql_group_export": {"zh": "导出数据", "en": "Exported tables"},
    "sql_group_aggregate": {"zh": "汇总表（入库时生成）", "en": "Aggregates (built at ingest)"},
    "sql_group_catalog": {"zh": "数据目录信息", "en": "Catalog bookkeeping"},
    "sql_grain": {"zh": "每行：{grain}", "en": "One row per {grain}"},
    "sql_col_name": {"zh": "字段", "en": "Column"},
    "sql_col_kind": {"zh": "类型", "en": "Kind"},
    "sql_col_description": {"zh": "说明", "en": "Description"},
    "sql_query_table": {"zh": "查询此表", "en": "Query this table"},
    "sql_examples_note": {
        "zh": "命名查询，与简报和命令行所用相同。参数已填入示例值（日期为数据中最后一个完整日 {as_of}），载入后可修改。",
        "en": "The named queries the briefing and the command line use. Their parameters are filled in with example values (the day is the last full day in the data, {as_of}); edit them after loading.",
    },
    "sql_example_grain": {
        "zh": "粒度：{grain} · 来源：{source}",
        "en": "Grain: {grain} · source: {source}",
    },
    "sql_example_params": {"zh": "参数：{params}", "en": "Parameters: {params}"},
    "sql_example_no_params": {"zh": "无参数", "en": "No parameters"},
    "sql_load": {"zh": "载入编辑器", "en": "Load into the editor"},
    "sql_history_empty": {
        "zh": "本次会话还没有运行过查询。",
        "en": "No statement run in this session yet.",
    },
    "sql_history_line": {
        "zh": "{at} · {rows} 行 · {ms} 毫秒",
        "en": "{at} · {rows} rows · {ms} ms",
    },
    "sql_history_failed": {"zh": "{at} · 失败：{kind}", "en": "{at} · failed: {kind}"},
    "sql_history_help": {"zh": "点击载入编辑器", "en": "Click to load it into the editor"},
    "sql_chart": {"zh": "快速图表", "en": "Quick chart"},
    "sql_chart_kind": {"zh": "图表类型", "en": "Chart"},
    "sql_chart_line": {"zh": "折线图", "en": "Line"},
    "sql_chart_bar": {"zh": "柱状图", "en": "Bar"},
    "sql_chart_scatter": {"zh": "散点图", "en": "Scatter"},
    "sql_chart_map": {"zh": "地图", "en": "Map"},
    "sql_chart_x": {"zh": "横轴", "en": "X axis"},
    "sql_chart_y": {"zh": "纵轴（可多选）", "en": "Y axis (one or more)"},
    "sql_chart_lon": {"zh": "经度列", "en": "Longitude column"},
    "sql_chart_lat": {"zh": "纬度列", "en": "Latitude column"},
    "sql_chart_size": {"zh": "点大小按", "en": "Point size by"},
    "sql_chart_size_none": {"zh": "（不按列）", "en": "(none)"},
    "sql_chart_title": {"zh": "{y}（按 {x}）", "en": "{y} by {x}"},
    "sql_chart_title_series": {
        "zh": "{y}（按 {x}，分 {series}）",
        "en": "{y} by {x}, one per {series}",
    },
    "sql_chart_series": {"zh": "分系列（颜色）", "en": "Series (colour)"},
    "sql_chart_series_none": {"zh": "（不分）", "en": "(none)"},
    "sql_chart_summed": {
        "zh": "横轴取值相同的行已相加：{rows} 行 → {points} 个点",
        "en": "rows sharing an x value are added up: {rows} rows → {points} points",
    },
    "sql_chart_series_top": {
        "zh": "只画合计最大的 {shown} 个系列（共 {total} 个）",
        "en": "the {shown} largest series of {total} are drawn",
    },
    "sql_chart_values": {"zh": "数值", "en": "Value"},
    "sql_chart_need_y": {
        "zh": "请选择至少一个数值列作为纵轴。",
        "en": "Choose at least one numeric column for the Y axis.",
    },
    "sql_chart_no_numbers": {
        "zh": "结果中没有数值列，无法作图。",
        "en": "The result has no numeric column to chart.",
    },
    "sql_chart_no_coords": {
        "zh": "地图需要经度和纬度列（列名如 lon / lat、center_lon / center_lat）。",
        "en": "A map needs longitude and latitude columns (named like lon / lat, center_lon / center_lat).",
    },
    "sql_map_caption": {
        "zh": "{n} 个点 · 底图为本范围的边界（不加载外部地图）",
        "en": "{n} points · drawn on the scope's own outlines (no basemap is fetched)",
    },
    # Failures, in plain words; DuckDB's own message is shown underneath.
    "sql_fail_syntax": {
        "zh": "SQL 语法有误，无法解析。下方的提示指出了出错的位置。",
        "en": "The SQL has a syntax error and could not be read. The detail below says where.",
    },
    "sql_fail_refused": {
        "zh": "控制台不运行此语句：只能运行一条 SELECT 查询，只能读取左侧列出的表，只能调用计算类函数（不能读写文件、附加数据库、查看或更改设置、读取系统表或范围外的数据）。",
        "en": "The console will not run this statement: only one SELECT, reading only the tables listed on the left and calling only functions that compute (no files, no other databases, no settings, no system tables, nothing outside your scope).",
    },
    "sql_fail_time_limit": {
        "zh": "查询超过 {seconds} 秒的时间限制，已停止。请缩小时间范围、加上条件，或改用汇总表。",
        "en": "The statement was stopped at the time limit of {seconds} s. Narrow the time range, filter, or use an aggregate table.",
    },
    "sql_fail_memory_limit": {
        "zh": "查询超过 {memory} 的内存上限，已停止。请先聚合或减少返回的列。",
        "en": "The statement was stopped at the memory limit of {memory}. Aggregate first or return fewer columns.",
    },
    "sql_fail_failed": {
        "zh": "查询运行失败，常见原因是字段名、表名或数据类型有误。",
        "en": "The statement failed while running; often a column name, table name or type is wrong.",
    },
    "sql_fail_busy": {
        "zh": "你已有 {per_user} 条查询在运行（或服务器上的查询名额已满），等待超时。请待前面的查询结束后再运行。",
        "en": "{per_user} statements of yours are still running (or the server's statement slots are full), and waiting timed out. Run it again when one has finished.",
    },
    "sql_fail_detail": {"zh": "详细信息", "en": "Detail"},
    # A statement check's refusal (dashboard.data.sqlguard.REFUSALS: the English is its words)
    "sql_refusal_chars": {
        "zh": "语句有 {chars} 个字符；应不超过 {max} 字节（请写短一些：用筛选或连接代替罗列取值）",
        "en": "the statement is {chars} characters; expected at most {max} bytes (write a shorter query: filter or join the tables instead of listing values)",
    },
    "sql_refusal_not_text": {
        "zh": "语句含有不是文本的字符（第 {at} 个字符）；应为 UTF-8 文本",
        "en": "the statement holds a character that is not text (at character {at}); expected UTF-8 text",
    },
    "sql_refusal_bytes": {
        "zh": "语句有 {bytes} 字节；应不超过 {max}（请写短一些：用筛选或连接代替罗列取值）",
        "en": "the statement is {bytes} bytes; expected at most {max} (write a shorter query: filter or join the tables instead of listing values)",
    },
    "sql_refusal_statements": {
        "zh": "应为一条语句，实际为 {n} 条",
        "en": "expected one statement, found {n}",
    },
    "sql_refusal_not_select_error": {
        "zh": "只允许 SELECT 语句（{error}）",
        "en": "only SELECT statements are allowed ({error})",
    },
    "sql_refusal_not_select": {
        "zh": "只允许 SELECT 语句，实际为 {kind}",
        "en": "only SELECT statements are allowed, found {kind}",
    },
    "sql_refusal_nested": {
        "zh": "语句嵌套过深；请减少层级",
        "en": "the statement is nested too deeply; expected fewer levels",
    },
    "sql_refusal_cte_word": {
        "zh": "CTE 名称 {name}：应为普通单词（字母、数字、下划线）",
        "en": "CTE name {name}: expected a plain word (letters, digits, _)",
    },
    "sql_refusal_cte_taken": {
        "zh": "CTE 名称 {name} 与数据库中的表或函数同名；请用自己的名称（例如 {suggest}）",
        "en": "CTE name {name} is the name of a table or function of the database; expected a name of your own (e.g. {suggest})",
    },
    "sql_refusal_parameters": {
        "zh": "此处不支持参数（$name、?）；请直接写入取值",
        "en": "parameters ($name, ?) are not supported here; write the value in",
    },
    "sql_refusal_type_qualified": {
        "zh": "此处不允许带模式或目录的类型",
        "en": "types with a schema or catalog are not allowed here",
    },
    "sql_refusal_expression": {
        "zh": "此处不允许 {kind} 表达式",
        "en": "{kind} expressions are not allowed here",
    },
    "sql_refusal_function_qualified": {
        "zh": "函数 {name}：函数名前不应带模式或目录",
        "en": "function {name}: expected a function name without schema or catalog",
    },
    "sql_refusal_function": {
        "zh": "控制台不允许函数 {name}；应为计算类函数（数学、文本、日期、列表、结构体、正则、聚合、窗口）",
        "en": "function {name} is not allowed in the console; expected a pure function (maths, text, dates, lists, structs, regexp, aggregates, windows)",
    },
    "sql_refusal_aggregate_literal": {
        "zh": "{function}：聚合函数名应写成字符串字面量",
        "en": "{function}: expected the aggregate's name as a literal string",
    },
    "sql_refusal_aggregate": {
        "zh": "{function}：控制台不允许聚合函数 {name}",
        "en": "{function}: aggregate {name} is not allowed in the console",
    },
    "sql_refusal_table_listed": {
        "zh": "此处没有表 {name}；可用的表：{names}",
        "en": "table {name} is not available here; expected one of {names}",
    },
    "sql_refusal_table_function": {
        "zh": "不允许表函数 {name}；应为 {names} 之一或一张表",
        "en": "table function {name} is not allowed; expected one of {names} or a table",
    },
    "sql_refusal_show": {
        "zh": "不允许对数据库使用 SHOW；左侧“数据表”列出了可用的表",
        "en": "SHOW of the database is not allowed; the schema browser lists the tables",
    },
    "sql_refusal_table": {
        "zh": "此处没有表 {name}",
        "en": "table {name} is not available here",
    },
    "sql_refusal_kind": {
        "zh": "控制台不允许 {kind}",
        "en": "{kind} is not allowed in the console",
    },
    "sql_kind_busy": {"zh": "排队超时", "en": "waited too long"},
    "sql_waiting_user": {
        "zh": "你已有 {per_user} 条查询在运行，这条查询将在其中一条结束后开始……",
        "en": "{per_user} statements of yours are running; this one starts when one of them ends …",
    },
    "sql_waiting_server": {
        "zh": "服务器上的查询名额已满，这条查询将在有空位时开始……",
        "en": "All of the server's statement slots are taken; this one starts when one is free …",
    },
    "sql_waiting_build": {
        "zh": "首次在本范围查询（或数据已更新）：正在准备只含本范围数据的副本，稍候即开始……",
        "en": "First statement in this scope since the data changed: preparing a copy that holds this scope's rows only; the statement starts right after …",
    },
    "sql_from_link": {
        "zh": "链接中的查询已填入编辑器，尚未运行。检查无误后按“运行”。",
        "en": "The statement from the link is in the editor and has not run. Read it, then press Run.",
    },
    "sql_cut_size": {
        "zh": "结果超过大小上限（{size} 个值），只显示前 {rows} 行",
        "en": "The result is over the size limit ({size} values): the first {rows} rows are shown",
    },
    "sql_left_out": {
        "zh": "……另有 {n} 个字符未显示；过长的查询也不会放进页面链接。",
        "en": "… {n} more characters not shown; a statement this long is not put in the page's link either.",
    },
    "sql_renamed": {
        "zh": "结果中有重名的列，已编号以便区分：{pairs}",
        "en": "The result repeats column names; they are numbered to tell them apart: {pairs}",
    },
    "sql_other_version": {
        "zh": "此结果读取的是数据版本 {ran}，与页面当前的数据版本 {now} 不同。再次运行即读取当前数据。",
        "en": "This result read data version {ran}, not data version {now}, which the page shows. Run it again to read the current data.",
    },
    "sql_kind_syntax": {"zh": "语法错误", "en": "syntax error"},
    "sql_kind_refused": {"zh": "已拒绝", "en": "refused"},
    "sql_kind_time_limit": {"zh": "超过时限", "en": "time limit"},
    "sql_kind_memory_limit": {"zh": "超过内存上限", "en": "memory limit"},
    "sql_kind_failed": {"zh": "运行失败", "en": "failed"},
    # Tables the export contract does not describe.
    "sqltable_incidents_by_grid_day": {
        "zh": "每个网格每天的新增、结案与按期结案数",
        "en": "new, closed and on-time closed incidents per grid per day",
    },
    "sqltable_backlog_by_grid_day": {
        "zh": "每天日末的积压案件（按账龄）及其中超期数",
        "en": "the backlog at each day's end by age bucket, with the overdue part",
    },
    "sqltable_open_spans": {
        "zh": "跨过至少一个午夜仍未结案的事件（积压与超期清单只会出自这里）",
        "en": "incidents open across at least one midnight (the only ones a backlog can hold)",
    },
    "sqltable_incident_milestones": {
        "zh": "每个事件各流程步骤的首次时间与退回、升级时间（环节耗时由此计算）",
        "en": "each incident's first time at each workflow step, and its returns and "
        "escalations (the stage durations come from here)",
    },
    "sqltable_cases_handled_by_worker_day": {
        "zh": "就地办结案件按当天负责该网格的网格员均分，逐人、逐网格、逐日（网格员工作量由此累计）",
        "en": "cases settled on the spot, shared among the workers covering the grid that day, "
        "per worker, grid and day (the workload page sums it)",
    },
    "sqltable_returns_by_unit_grid_day": {
        "zh": "退回次数，逐日、逐网格、逐办理单位（不含已取消事件；办理单位排行由此累计）",
        "en": "returns (a unit sending a case back) per day, grid and acting unit, cancelled "
        "incidents left out (the handling-unit table sums it)",
    },
    "sqltable_time_limits_by_grid_day": {
        "zh": "有办理时限的事件数，逐日（上报日）、逐网格、逐紧急程度、逐时限（不含已取消；办结时长曲线上的时限标记由此计算）",
        "en": "incidents with a time limit per report day, grid, urgency and limit, cancelled "
        "left out (the time-limit markers on the resolution curves come from here)",
    },
    "sqltable_patrols_by_grid_day": {
        "zh": "有巡查的网格日：巡查次数与该网格下一次有巡查的日期（无则为空；巡查覆盖率由此计算）",
        "en": "grid-days with a patrol: the patrols and the grid's next day with one (null: none "
        "since; patrol coverage comes from here)",
    },
    "sqltable_resolution_minutes_by_scope_group": {
        "zh": "简报用的办结时长队列：截至数据最后完整日，全市与各区，按事项大类，近 30 天与近 90 天"
        "（本会话只见自己的范围；街道及以下无此表数据，页面直接由事件计算）",
        "en": "the briefing's resolution-time cohorts as of the data's last full day, for the "
        "city and each district, by matter group, over 30 and 90 days (a session sees its own "
        "scope only; streets and below have no rows here and are counted from the incidents)",
    },
    "sqltable_within_limit_by_scope": {
        "zh": "简报用的时限内办结队列：截至数据最后完整日的近 30 天，全市与各区（本会话只见自己的范围）",
        "en": "the briefing's within-limit cohort over the 30 days to the data's last full day, "
        "for the city and each district (a session sees its own scope only)",
    },
    "sqltable_catalog_info": {
        "zh": "数据目录信息：数据版本、生成时间、数据截止时间等",
        "en": "catalog facts: data version, build time, data cut-off …",
    },
    "sqltable_catalog_tables": {
        "zh": "各表读入、载入与隔离的行数",
        "en": "rows read, loaded and quarantined per table",
    },
    "sqltable_catalog_quarantine": {
        "zh": "各表按原因的隔离数据行数",
        "en": "quarantined rows per table and reason",
    },
    "sqltable_catalog_files": {
        "zh": "载入的源文件：大小与修改时间",
        "en": "the source files loaded: size and modification time",
    },
    "sqlcol_added": {"zh": "数据目录生成时添加", "en": "added when the catalog is built"},
    "sqlcol_first_accept_at": {"zh": "首次受理时间", "en": "first accepted at"},
    "sqlcol_first_dispatch_at": {"zh": "首次派遣时间", "en": "first dispatched at"},
    "sqlcol_first_resolve_at": {"zh": "首次处置完成时间", "en": "first resolved at"},
    "sqlcol_first_verify_at": {"zh": "首次核查时间", "en": "first verified at"},
    "sqlcol_first_close_at": {"zh": "首次结案时间", "en": "first closed at"},
    "sqlcol_last_step_at": {
        "zh": "以上各步骤首次时间中最晚的一个（都没有则为上报时间）",
        "en": "the latest of the first step times above (the report time when there are none)",
    },
    "sqlcol_accept_minutes": {
        "zh": "受理环节分钟数：上报 → 首次受理（未到或时间倒置为空）",
        "en": "accept stage minutes: report → first accept (null if not reached or backwards)",
    },
    "sqlcol_dispatch_minutes": {
        "zh": "派遣环节分钟数：首次受理 → 首次派遣（未到或时间倒置为空）",
        "en": "dispatch stage minutes: first accept → first dispatch (null if not reached or "
        "backwards)",
    },
    "sqlcol_handle_minutes": {
        "zh": "处置环节分钟数：首次派遣（就地处置为受理）→ 首次处置完成，含退回（未到或时间倒置为空）",
        "en": "handle stage minutes: first dispatch (on the spot: accept) → first resolve, "
        "returns included (null if not reached or backwards)",
    },
    "sqlcol_verify_minutes": {
        "zh": "核查环节分钟数：首次处置完成 → 首次核查（未到或时间倒置为空）",
        "en": "verify stage minutes: first resolve → first verify (null if not reached or "
        "backwards)",
    },
    "sqlcol_close_minutes": {
        "zh": "结案环节分钟数：首次核查（无核查为处置完成）→ 首次结案（未到或时间倒置为空）",
        "en": "close stage minutes: first verify (or resolve) → first close (null if not "
        "reached or backwards)",
    },
    "sqlcol_return_times": {"zh": "各次退回时间（列表）", "en": "times it was returned (a list)"},
    "sqlcol_escalate_times": {
        "zh": "各次升级时间（列表）",
        "en": "times it was escalated (a list)",
    },
    "sqlcol_steps": {
        "zh": "流程步骤（时间与流程序号的列表，不分先后；序号 1 上报 2 受理 3 派遣 4 退回 5 升级 "
        "6 处置 7 核查；不含结案、撤销、重开）",
        "en": "workflow steps (a list of time and place in the workflow, in no particular order: "
        "1 report, 2 accept, 3 dispatch, 4 return, 5 escalate, 6 resolve, 7 verify; close, "
        "cancel and reopen left out)",
    },
    "sqlcol_day": {"zh": "日期", "en": "day"},
    "sqlcol_cases_handled": {
        "zh": "记给该网格员的就地办结案件（当天负责该网格的网格员均分，可为小数）",
        "en": "cases settled on the spot credited to the worker (shared equally among the "
        "workers covering the grid that day, so possibly fractional)",
    },
    "sqlcol_incidents": {
        "zh": "事件数（不含已取消）",
        "en": "incidents (cancelled left out)",
    },
    "sqlcol_limit_seconds": {
        "zh": "办理时限：从上报到期限的秒数",
        "en": "the time limit: seconds from report to deadline",
    },
    "sqlcol_patrols": {"zh": "当天该网格的巡查次数", "en": "patrols of the grid on the day"},
    "sqlcol_next_day": {
        "zh": "该网格下一次有巡查的日期（无则为空）",
        "en": "the grid's next day with a patrol (null: none since)",
    },
    "sqlcol_returns": {
        "zh": "当天该单位的退回次数",
        "en": "return steps by the unit on the day",
    },
    "sqlcol_new": {
        "zh": "当天上报的事件数（不含已取消）",
        "en": "incidents reported on the day (cancelled left out)",
    },
    "sqlcol_new_urgent": {"zh": "其中紧急件", "en": "of which urgent"},
    "sqlcol_new_on_spot": {
        "zh": "其中就地解决（未派遣即结案）",
        "en": "of which resolved on the spot (closed without dispatch)",
    },
    "sqlcol_closed": {"zh": "当天结案的事件数", "en": "incidents closed on the day"},
    "sqlcol_closed_with_deadline": {
        "zh": "当天结案且有处置时限的",
        "en": "closed on the day with a deadline",
    },
    "sqlcol_closed_on_time": {
        "zh": "当天按期结案的（结案不晚于时限）",
        "en": "closed on the day by their deadline",
    },
    "sqlcol_closed_on_spot": {
        "zh": "当天结案且未派遣的（网格站就地办结）",
        "en": "closed on the day without dispatch (settled by the grid station)",
    },
    "sqlcol_age_bucket": {
        "zh": "账龄段：0-1d、1-3d、3-7d、7-30d、30d+",
        "en": "age bucket: 0-1d, 1-3d, 3-7d, 7-30d, 30d+",
    },
    "sqlcol_backlog": {"zh": "日末积压案件数", "en": "cases in the backlog at the day's end"},
    "sqlcol_overdue": {"zh": "其中已超期", "en": "of which overdue"},
    "sqlcol_as_of": {
        "zh": "截至日（数据最后完整日；截止时刻为次日 0 时）",
        "en": "as-of day (the data's last full day; the cut-off is the next midnight)",
    },
    "sqlcol_scope": {
        "zh": "范围：全市为空字符串，区为 6 位区划代码",
        "en": "scope: '' for the city, a district's six-digit code",
    },
    "sqlcol_days": {"zh": "队列天数（30 或 90）", "en": "cohort length in days (30 or 90)"},
    "sqlcol_minutes": {
        "zh": "从上报到结案的分钟数（未在截止时刻前结案的算到截止时刻），向上取整",
        "en": "minutes from report to close (to the cut-off where not closed before it), "
        "rounded up",
    },
    "sqlcol_ratio": {
        "zh": "已用时间占办理时限的比例，向上取至万分之一；超过 1 的记为 1.0001",
        "en": "elapsed time as a share of the time limit, rounded up to 1/10,000; above 1 "
        "lumped at 1.0001",
    },
    "sqlcol_cohort_closed": {
        "zh": "截止时刻前已结案（否则为删失）",
        "en": "closed before the cut-off (otherwise censored)",
    },
    "sqlcol_table_name": {"zh": "表名", "en": "table name"},
    "sqlcol_file": {
        "zh": "源文件（相对导出目录）",
        "en": "source file (relative to the exports)",
    },
    "sqlcol_bytes": {"zh": "文件大小（字节）", "en": "file size, bytes"},
    "sqlcol_modified_at": {"zh": "文件修改时间", "en": "file modification time"},
    "sqlcol_key": {"zh": "项目", "en": "key"},
    "sqlcol_value": {"zh": "值", "en": "value"},
    "sqlcol_reason": {"zh": "隔离原因", "en": "quarantine reason"},
    "sqlcol_rows": {"zh": "行数", "en": "rows"},
    "sqlcol_rows_read": {"zh": "读入行数", "en": "rows read"},
    "sqlcol_rows_loaded": {
        "zh": "载入行数（通过校验）",
        "en": "rows loaded (passed validation)",
    },
    "sqlcol_quarantined": {"zh": "隔离行数", "en": "rows quarantined"},
    # The named queries, as ready examples.
    "sqlquery_active_workers": {
        "zh": "当天在岗网格员，以及其中近 365 天参加过培训的人数",
        "en": "grid workers in post on the day, and how many of them were trained in the 365 days before",
    },
    "sqlquery_active_workers_by_day": {
        "zh": "每天的在岗网格员数",
        "en": "grid workers in post per day",
    },
    "sqlquery_backlog_by_age": {
        "zh": "当天日末积压案件的账龄分布及超期数",
        "en": "the backlog at the day's end by age bucket, with the overdue part",
    },
    "sqlquery_data_quality": {
        "zh": "各表读入、载入、隔离行数及隔离原因",
        "en": "rows read, loaded and quarantined per table, and quarantined rows per reason",
    },
    "sqlquery_grid_coverage_by_day": {
        "zh": "每天：截至当天的 days 天内至少巡查过一次的网格数与网格总数（当天覆盖率 days = 1，近 7 天 days = 7）",
        "en": "per day, the grids patrolled at least once in the `days` days ending on it, and "
        "all grids (the day's coverage: days = 1; the 7-day coverage: days = 7)",
    },
    "sqlquery_kpis_by_day": {
        "zh": "每天的新增、结案、积压、超期及按期结案数",
        "en": "new, closed, backlog and overdue per day, with the on-time counts",
    },
    "sqlquery_late_cases_most_overdue": {
        "zh": "当天日末超期最久的未结案件",
        "en": "the open cases past their deadline at the day's end, most overdue first",
    },
    "sqlquery_late_cases_new_on_day": {
        "zh": "当天新增超期的案件：时限落在当天、日末仍未办结",
        "en": "the cases that went overdue on the day: due that day and still open at its end",
    },
    "sqlquery_overdue_by_handling_unit": {
        "zh": "当天日末各承办单位的超期件数，其中当天新增的件数",
        "en": "overdue cases at the day's end per handling unit, and how many went overdue that day",
    },
    "sqlquery_map_grid_incidents": {
        "zh": "每个网格的中心点与近几天上报的事件数",
        "en": "per grid, its centre and the incidents reported in the last days",
    },
    "sqlquery_map_grids": {
        "zh": "全部网格：边界、中心点、面积及所属社区、街道、区",
        "en": "every grid with outline, centre, area and the places it lies in",
    },
    "sqlquery_places_under": {
        "zh": "本范围下一级的地点及其网格数",
        "en": "the places one level down in the scope, with their grids",
    },
    "sqlquery_at_risk_due_cases": {
        "zh": "当日结束时未结、时限在其后 24 小时内的案件，及算超期概率所需的事项领域、已用时长与时限",
        "en": "cases open at the day's end and due in the 24 hours after it, with the matter "
        "group, age and time limit the chance of missing needs",
    },
    "sqlquery_notice_case": {
        "zh": "督办单所述的一件案件：地点、事项、紧急程度、各时间、承办单位及截至当日是否超期",
        "en": "one case as its supervision notice states it: place, item, urgency, times, "
        "handling unit, and whether it was overdue at the day's end",
    },
    "sqlquery_notice_case_steps": {
        "zh": "一件案件截至当日的办理环节（按发生顺序）及各环节单位",
        "en": "one case's workflow steps up to the day's end, in order, with each step's unit",
    },
    "sqlquery_notice_place": {
        "zh": "一个街道或网格的名称及其上级名称、所含网格数（异常激增督办单的抬头）",
        "en": "a street's or grid's name, the names above it and its grids (a spike notice's "
        "address)",
    },
    "sqlquery_spikes_by_place_item": {
        "zh": "某地点当天各事项的事件数与前 28 天日均（异常激增由哪些事项构成）",
        "en": "per item, a place's incidents on the day and their 28-day mean before it (what a "
        "spike consisted of)",
    },
    "sqlquery_resolution_minutes_by_group_stored": {
        "zh": "入库时存储的按事项领域办结时长队列（仅数据最后完整日，全市或区；与实时计算结果相同）",
        "en": "the resolution-time cohort by matter group as stored at ingest (the data's last "
        "full day, city or district only; the same rows as counted live)",
    },
    "sqlquery_resolution_minutes_cohort_stored": {
        "zh": "入库时存储的办结时长队列（仅数据最后完整日，全市或区；与实时计算结果相同）",
        "en": "the resolution-time cohort as stored at ingest (the data's last full day, city or "
        "district only; the same rows as counted live)",
    },
    "sqlquery_within_limit_cohort_stored": {
        "zh": "入库时存储的时限内办结队列（仅数据最后完整日，全市或区；与实时计算结果相同）",
        "en": "the within-limit cohort as stored at ingest (the data's last full day, city or "
        "district only; the same rows as counted live)",
    },
    "sqlquery_resolution_minutes_cohort": {
        "zh": "办结时长（Kaplan–Meier）的输入：上报批次的分钟数与是否结案",
        "en": "the Kaplan–Meier input of a report cohort: minutes to close or cut-off",
    },
    "sqlquery_spikes_by_place": {
        "zh": "各地点当天事件数与前 28 天日均（异常激增的输入）",
        "en": "per place, the day's incidents and the 28-day mean before it (the spike input)",
    },
    "sqlquery_within_limit_cohort": {
        "zh": "时限内办结概率的输入：耗时占处置时限的比例",
        "en": "the within-limit input: elapsed time as a share of each time limit",
    },
}
