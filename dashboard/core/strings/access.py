"""Strings of access control: who is signed in, roles, refusals."""

STRINGS: dict[str, dict[str, str]] = {
    "access_refused": {"zh": "无权访问", "en": "Access refused"},
    "sign_in_needed": {
        "zh": "请先登录：本看板的数据仅向授权人员开放。",
        "en": "Please sign in: this dashboard's data is for authorised staff only.",
    },
    "sign_in": {"zh": "登录", "en": "Sign in"},
    "sign_out": {"zh": "退出登录", "en": "Sign out"},
    "signed_in_as": {"zh": "当前用户", "en": "Signed in as"},
    "scope_label": {"zh": "可见范围", "en": "Scope"},
    "role_director": {"zh": "中心主任", "en": "Director"},
    "role_district_lead": {"zh": "区级负责人", "en": "District lead"},
    "role_analyst": {"zh": "分析员", "en": "Analyst"},
    "role_viewer": {"zh": "查看人员", "en": "Viewer"},
    "deny_remote": {
        "zh": "未配置登录方式，只接受本机浏览器访问；此次访问来自 {ip}。",
        "en": "No sign-in is configured, so only a browser on this machine is served; this "
        "one is at {ip}.",
    },
    "deny_no_header": {
        "zh": "未收到反向代理传来的登录用户（请求头 {header}）。请通过中心的登录入口访问。",
        "en": "No signed-in user came from the reverse proxy (header {header}). Please use "
        "the centre's sign-in address.",
    },
    "deny_no_claim": {
        "zh": "身份令牌中缺少声明 {claim}。",
        "en": "The ID token lacks the claim {claim}.",
    },
    "deny_unknown_user": {
        "zh": "用户 {user} 不在授权名单中。如需访问，请联系综治中心管理员。",
        "en": "{user} is not on the list of authorised users. Ask the centre's administrator "
        "for access.",
    },
    "deny_scope": {
        "zh": "{user} 的可见范围是 {allowed}，不能查看 {asked}。",
        "en": "{user} may see places under {allowed}, not {asked}.",
    },
    "deny_console": {
        "zh": "{user} 的角色（{role}）不能使用 SQL 控制台。",
        "en": "{user}'s role ({role}) has no SQL console.",
    },
    "deny_inventory": {
        "zh": "数据清单描述全市各区的全部数据，仅对可见范围为全市的用户开放。",
        "en": "The data inventory describes every district's rows; it is for users whose "
        "scope is the whole city.",
    },
}
