"""Sign-in, sign-out and the start page, which lists the tasks of the account's role."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from yidi.domain.errors import YidiError
from yidi.entrypoints.web import security
from yidi.entrypoints.web.claim_desk_pages import WORK_ZH
from yidi.entrypoints.web.common import AnyUser, Form, actor, current_user, render, set_cookie, uow
from yidi.service_layer import claims_desk, sign_in_throttle, web_sessions, web_users

router = APIRouter(prefix="/ui", include_in_schema=False)

TASKS = {
    web_users.WebRole.INSURED: [
        ("/ui/me/guide", "我该办哪种备案？", "回答几个问题，告诉您备案类别、材料与依据"),
        ("/ui/me/filings", "我的备案", "状态、有效期、承诺事项"),
        ("/ui/me/filings/new", "自助备案", "告知承诺制，提交即生效"),
        ("/ui/me/coverage", "能否直接结算", "按城市或医院查询今天的结算资格"),
        ("/ui/me/estimate", "报销测算", "输入费用，看看医保能报多少、为什么"),
        ("/ui/me/claims", "手工报销", "一次性告知材料、申请与进度"),
        ("/ui/me/settlements", "我的结算", "已结算的费用、每笔怎么算、打印结算单"),
    ],
    web_users.WebRole.HOSPITAL: [
        ("/ui/desk/patient", "患者查询", "按身份证号或社保卡查备案状态、类别与结算资格"),
        ("/ui/desk/criteria", "急危重病种标准核对", "选择病种、填写指标，得出结论与依据"),
        ("/ui/desk/screen", "病种筛查", "按已知指标筛查全部病种"),
        ("/ui/desk/referral", "转诊目录查询", "按病名、拼音首字母查找"),
        ("/ui/desk/settlements", "本院结算", "本院异地就医结算、撤销记录与结算单"),
        ("/ui/audit/hits", "审核命中", "本院结算命中的审核规则"),
        ("/ui/audit/tickets", "问题协同", "与经办机构协同处理结算、备案、费用和系统问题"),
    ],
    web_users.WebRole.STAFF: [
        ("/ui/staff/counter", "窗口备案", "按附件1申请表办理备案"),
        ("/ui/staff/persons", "人员与备案查询", "按身份证号查询参保人与备案"),
        ("/ui/desk/patient", "结算资格查询", "某人在某地今天能否直接结算"),
        ("/ui/staff/commitments", "承诺事项跟踪", "即将到期、已逾期、撤销"),
        ("/ui/staff/outbox", "备案信息上报", "上报部级经办机构：未上报、失败原因、重试"),
        ("/ui/staff/claims", "手工报销队列", "审核、退回、审批、支付"),
        ("/ui/staff/settlements", "结算查询", "直接结算与手工报销，含计算说明和结算单"),
        ("/ui/staff/policy", "待遇政策表", "各统筹区参数及出处"),
        ("/ui/clearing", "异地就医清算", "月度清算单、确认与异议、预付金、清算账簿"),
        ("/ui/audit/queue", "基金监管审核", "审核规则、人工审核队列、扣除与审核率"),
        ("/ui/audit/xiecha", "协查", "跨省住院3万元以上费用协查、协查函与结果"),
        ("/ui/audit/tickets", "问题协同", "与医院、其他经办机构的问题协同"),
        ("/ui/audit/inspections", "核查检查", "年度检查计划、检查事项与每年不少于一次"),
        ("/ui/audit/sampling", "抽样审核", "分层抽样、外推差错率与建议追回额"),
        ("/ui/desk/criteria", "急危重病种标准核对", "与医院端相同"),
        ("/ui/desk/referral", "转诊目录查询", "与医院端相同"),
        ("/ui/ops/dashboard", "运行监测", "结算量、直接结算率、次均费用、办结时限、承诺事项、备案渠道"),
        ("/ui/ops/daily", "每日报错治理", "失败交易与系统错误、趋势、预警、处理清单"),
        ("/ui/fund/reserve", "基金可支付月数", "基金收支录入与导入、少于6个月预警"),
        ("/ui/fund/projection", "基金测算", "政策调整前后对比、方案保存与比较、备案报告"),
        ("/ui/fund/compliance", "对照2025年通知", "临时就医起付标准与支付比例是否符合指导"),
    ],
}


def tasks_for(user: web_users.WebUser) -> list[tuple[str, str, str]]:
    if user.role is web_users.WebRole.ADMIN:  # the staff's work; an insured person's tiles would lead to 403
        return TASKS[web_users.WebRole.STAFF]
    return TASKS[user.role]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, user: AnyUser) -> Response:
    work = None
    if user.role in (web_users.WebRole.STAFF, web_users.WebRole.ADMIN):  # the staff's work counts
        work = claims_desk.work_counts(uow(request), actor(user))
    return render(request, "home.html", tasks=tasks_for(user), work=work, work_zh=WORK_ZH)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/ui/") -> Response:
    if current_user(request) is not None:
        return RedirectResponse(_safe(next), status_code=303)
    return render(request, "login.html", next=_safe(next))


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, form: Form) -> Response:
    username, password = form.get("username", "").strip(), form.get("password", "")
    nxt = _safe(form.get("next", "/ui/"))
    errors = {}
    if not username:
        errors["username"] = "请输入用户名"
    if not password:
        errors["password"] = "请输入密码"
    try:
        remote = request.client.host if request.client else ""
        factory = request.app.state.uow_factory
        user = None if errors else sign_in_throttle.sign_in(factory, username, password, remote)
    except YidiError as exc:  # throttled: the same words whether or not the account exists
        errors["_"] = exc.zh
        return render(
            request, "login.html", status_code=exc.kind.status, errors=errors, values={"username": username}, next=nxt
        )
    if user is None:
        errors.setdefault("_", "用户名或密码不正确")
        return render(
            request, "login.html", status_code=400, errors=errors, values={"username": username}, next=nxt
        )
    response = RedirectResponse(nxt, status_code=303)
    seconds = request.app.state.settings.session_seconds
    # a new server-side session: a new opaque cookie, and with it a new CSRF token
    token = web_sessions.start(uow(request), user, seconds)
    set_cookie(request, response, security.SESSION_COOKIE, token, seconds)
    response.delete_cookie(security.CSRF_COOKIE, path="/")
    return response


@router.post("/logout")
def logout(request: Request, form: Form) -> Response:
    """Sign out: the session ends on the server, so a copy of the cookie stops working too."""
    web_sessions.end(uow(request), request.cookies.get(security.SESSION_COOKIE))
    response = RedirectResponse("/ui/login", status_code=303)
    response.delete_cookie(security.SESSION_COOKIE, path="/")
    return response


def _safe(target: str) -> str:
    """Only redirect inside the UI (no open redirect)."""
    return target if target.startswith("/ui/") and not target.startswith("//") else "/ui/"
