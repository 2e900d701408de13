/**
 * Messages for errors the API returns, in both languages. The Worker picks the language
 * from the `x-linli-lang` header or Accept-Language (zh-CN default); the web shows them as is.
 */
export type Lang = "zh" | "en";

export const FIELD_LABELS: Record<string, { zh: string; en: string }> = {
  username: { zh: "用户名", en: "username" },
  password: { zh: "密码", en: "password" },
  currentPassword: { zh: "当前密码", en: "current password" },
  newPassword: { zh: "新密码", en: "new password" },
  displayName: { zh: "姓名", en: "display name" },
  role: { zh: "角色", en: "role" },
  title: { zh: "标题", en: "title" },
  bodyMd: { zh: "正文", en: "body" },
  category: { zh: "类别", en: "category" },
  changeNote: { zh: "更正说明", en: "change note" },
  reason: { zh: "撤回理由", en: "reason" },
  publicityDays: { zh: "公示天数", en: "publicity days" },
  at: { zh: "定时发布时间", en: "scheduled time" },
  street: { zh: "街道", en: "street" },
  community: { zh: "社区", en: "community" },
  communityId: { zh: "社区", en: "community" },
  slug: { zh: "网址标识", en: "slug" },
  name: { zh: "名称", en: "name" },
  kind: { zh: "类型", en: "kind" },
  address: { zh: "地址", en: "address" },
  officeHours: { zh: "办公时间", en: "office hours" },
  contactPhone: { zh: "联系电话", en: "contact phone" },
  intro: { zh: "简介", en: "introduction" },
  weights: { zh: "权重", en: "weights" },
  points: { zh: "调整分值", en: "adjustment points" },
  year: { zh: "年度", en: "year" },
  adjustmentReason: { zh: "调整理由", en: "reason for the adjustment" },
  satisfaction: { zh: "群众满意度", en: "residents' satisfaction" },
  disclosureOnTimePct: { zh: "按时公开率", en: "disclosure on time" },
  casesInTimePct: { zh: "诉求按时办结率", en: "requests closed in time" },
  meetingsRequiredPct: { zh: "法定会议召开率", en: "required meetings held" },
  meetingsQuoratePct: { zh: "会议达法定人数比例", en: "meetings quorate" },
  voteTurnoutPct: { zh: "投票参与率", en: "vote turnout" },
  mediationSuccessPct: { zh: "调解成功率", en: "mediation success" },
  volunteerHoursPer100: { zh: "每百名居民志愿服务时长", en: "volunteer hours per 100 residents" },
  patrolFilledPct: { zh: "巡逻班次满员率", en: "patrol shifts filled" },
  officials: { zh: "成员", en: "officials" },
  post: { zh: "职务", en: "post" },
  body: { zh: "所属机构", en: "body" },
  file: { zh: "附件", en: "attachment" },
  attachmentIds: { zh: "附件", en: "attachments" },
  replacedBy: { zh: "替代公告", en: "replacement notice" },
  hash: { zh: "哈希值", en: "hash" },
  cursor: { zh: "分页位置", en: "cursor" },
  limit: { zh: "每页数量", en: "page size" },
  id: { zh: "记录编号", en: "record id" },
  userId: { zh: "账号", en: "account" },
  birthDate: { zh: "出生日期", en: "birth date" },
  phone: { zh: "手机号", en: "phone" },
  householdId: { zh: "户", en: "household" },
  groupId: { zh: "居民小组", en: "residents' group" },
  gridId: { zh: "网格", en: "grid" },
  grid: { zh: "网格", en: "grid" },
  group: { zh: "居民小组", en: "residents' group" },
  householdRep: { zh: "户代表", en: "household representative" },
  representative: { zh: "居民代表", en: "representative" },
  isHouseholdRep: { zh: "户代表", en: "household representative" },
  isRepresentative: { zh: "居民代表", en: "representative" },
  movedOutOn: { zh: "迁出日期", en: "moved-out date" },
  area: { zh: "网格范围", en: "area" },
  workerName: { zh: "网格员姓名", en: "grid worker's name" },
  workPhone: { zh: "工作电话", en: "work phone" },
  leaderName: { zh: "组长", en: "group leader" },
  code: { zh: "激活码", en: "activation code" },
  answer: { zh: "答复", en: "answer" },
  rows: { zh: "数据行", en: "rows" },
  q: { zh: "搜索", en: "search" },
  startsAt: { zh: "开会时间", en: "start time" },
  place: { zh: "地点", en: "place" },
  basis: { zh: "计算基数", en: "basis" },
  urgentReason: { zh: "紧急事由", en: "urgent reason" },
  items: { zh: "议题", en: "agenda items" },
  votesFor: { zh: "赞成票", en: "votes for" },
  votesAgainst: { zh: "反对票", en: "votes against" },
  votesAbstain: { zh: "弃权票", en: "abstentions" },
  minutesMd: { zh: "会议纪要", en: "minutes" },
  proxyHolderId: { zh: "受托人", en: "proxy holder" },
  residentId: { zh: "居民", en: "resident" },
  progress: { zh: "进度", en: "progress" },
  meetingId: { zh: "会议", en: "meeting" },
  purpose: { zh: "联名理由", en: "purpose" },
  note: { zh: "说明", en: "note" },
  period: { zh: "期间", en: "period" },
  periodId: { zh: "期间", en: "period" },
  noticeId: { zh: "公告", en: "notice" },
  openingBalance: { zh: "期初余额", en: "opening balance" },
  date: { zh: "日期", en: "date" },
  direction: { zh: "收支", en: "direction" },
  amount: { zh: "金额", en: "amount" },
  summary: { zh: "摘要", en: "summary" },
  counterparty: { zh: "对方", en: "counterparty" },
  counterpartyIsPerson: { zh: "对方是个人", en: "counterparty is a person" },
  voucherNo: { zh: "凭证号", en: "voucher no" },
  adjustsEntryId: { zh: "被调整分录", en: "adjusted entry" },
  decision: { zh: "审核结果", en: "decision" },
  comment: { zh: "审核意见", en: "comment" },
  deadlineDays: { zh: "公开期限（天）", en: "deadline (days)" },
  text: { zh: "内容", en: "text" },
  response: { zh: "处理意见", en: "response" },
  replaceRep: { zh: "更换户代表", en: "replace representative" },
  skills: { zh: "技能特长", en: "skills" },
  availability: { zh: "可服务时间", en: "availability" },
  showName: { zh: "公开姓名", en: "show my name" },
  teamIds: { zh: "队伍", en: "teams" },
  teamId: { zh: "队伍", en: "team" },
  description: { zh: "简介", en: "description" },
  isPublic: { zh: "公开队伍", en: "public team" },
  risky: { zh: "有风险的任务", en: "risky tasks" },
  adultsOnly: { zh: "仅限成年人", en: "adults only" },
  cancelCutoffHours: { zh: "取消截止（小时）", en: "cancellation cut-off (hours)" },
  leaderVolunteerId: { zh: "队长", en: "team leader" },
  volunteerId: { zh: "志愿者", en: "volunteer" },
  insurer: { zh: "保险公司", en: "insurer" },
  insurancePolicy: { zh: "保单号", en: "policy number" },
  insuredUntil: { zh: "保险有效期至", en: "insured until" },
  guardianName: { zh: "监护人姓名", en: "guardian's name" },
  task: { zh: "任务", en: "task" },
  endsAt: { zh: "结束时间", en: "end time" },
  capacity: { zh: "名额", en: "places" },
  notes: { zh: "备注", en: "notes" },
  repeat: { zh: "每周重复", en: "weekly repeat" },
  weekdays: { zh: "星期", en: "weekdays" },
  until: { zh: "重复至", en: "repeat until" },
  signupId: { zh: "报名记录", en: "sign-up" },
  minutes: { zh: "服务分钟数", en: "minutes" },
  fromDate: { zh: "起始日期", en: "from" },
  toDate: { zh: "截止日期", en: "to" },
  contactName: { zh: "联系人", en: "contact name" },
  rating: { zh: "满意度", en: "rating" },
  assigneeUserId: { zh: "承办人", en: "assignee" },
  agreement: { zh: "调解协议", en: "agreement" },
  days: { zh: "延期天数", en: "days" },
  private: { zh: "仅工作人员可见", en: "staff only" },
  ballotType: { zh: "投票方式", en: "ballot type" },
  descriptionMd: { zh: "说明", en: "description" },
  options: { zh: "选项", en: "options" },
  label: { zh: "选项内容", en: "option" },
  minChoices: { zh: "最少选择", en: "minimum choices" },
  maxChoices: { zh: "最多选择", en: "maximum choices" },
  eligibility: { zh: "投票资格", en: "eligibility" },
  secret: { zh: "无记名投票", en: "secret ballot" },
  opensAt: { zh: "开始时间", en: "opening time" },
  closesAt: { zh: "截止时间", en: "closing time" },
  passRule: { zh: "通过规则", en: "pass rule" },
  turnoutPct: { zh: "最低投票率", en: "turnout threshold" },
  allowChange: { zh: "允许改票", en: "ballots may change" },
  hideResults: { zh: "截止前隐藏结果", en: "hide results until closing" },
  reviewYear: { zh: "评议年度", en: "review year" },
  meetingItemId: { zh: "会议议题", en: "meeting item" },
  pollId: { zh: "投票", en: "vote" },
  onBehalfOf: { zh: "委托人", en: "proxy grantor" },
  grantorId: { zh: "委托人", en: "proxy grantor" },
  holderId: { zh: "受托人", en: "proxy holder" },
  receipt: { zh: "回执码", en: "receipt code" },
  replaceReceipt: { zh: "原回执码", en: "previous receipt" },
  ratings: { zh: "评议", en: "ratings" },
};

type Params = Record<string, string | number>;
const M = {
  "validation.required": { zh: "{field}：必填", en: "{field}: is required" },
  "validation.type": { zh: "{field}：格式不正确", en: "{field}: has the wrong type" },
  "validation.minLength": { zh: "{field}：至少 {n} 个字符", en: "{field}: must be at least {n} characters" },
  "validation.maxLength": { zh: "{field}：最多 {n} 个字符", en: "{field}: must be at most {n} characters" },
  "validation.notEmpty": { zh: "{field}：不能为空", en: "{field}: must not be empty" },
  "validation.min": { zh: "{field}：不能小于 {n}", en: "{field}: must be at least {n}" },
  "validation.max": { zh: "{field}：不能大于 {n}", en: "{field}: must be at most {n}" },
  "validation.minItems": { zh: "{field}：至少 {n} 项", en: "{field}: needs at least {n} items" },
  "validation.maxItems": { zh: "{field}：最多 {n} 项", en: "{field}: allows at most {n} items" },
  "validation.oneOf": { zh: "{field}：必须是以下之一：{values}", en: "{field}: must be one of {values}" },
  "validation.format": { zh: "{field}：格式不正确", en: "{field}: is not in the right format" },
  "validation.slug": {
    zh: "{field}：只能包含小写字母、数字和连字符",
    en: "{field}: may contain only lowercase letters, digits and hyphens",
  },
  "validation.personalNumber": {
    zh: "{field}：将永久公开，不能包含电话号码或身份证号",
    en: "{field}: is published for good and may not contain a phone or ID number",
  },
  "validation.reservedSlug": { zh: "{field}：该标识为系统保留，请换一个", en: "{field}: is reserved; choose another" },
  "validation.phone": { zh: "{field}：不是有效的电话号码", en: "{field}: is not a valid phone number" },
  "validation.password": {
    zh: "{field}：至少 8 位，且须同时包含字母和数字",
    en: "{field}: needs at least 8 characters with letters and digits",
  },
  "validation.unknownKey": { zh: "{field}：不是可接受的字段", en: "{field}: is not an accepted field" },
  "auth.invalid": { zh: "用户名或密码错误", en: "Wrong username or password" },
  "auth.locked": {
    zh: "登录失败次数过多，请 {minutes} 分钟后再试",
    en: "Too many failed logins; try again in {minutes} minutes",
  },
  "auth.disabled": { zh: "账号已停用，请联系管理员", en: "This account is disabled; contact your administrator" },
  "auth.required": { zh: "请先登录", en: "Please log in first" },
  "auth.forbidden": { zh: "您没有执行此操作的权限", en: "You do not have permission to do this" },
  "auth.wrongPassword": { zh: "当前密码：不正确", en: "current password: is wrong" },
  "origin.rejected": { zh: "请求来源不被接受", en: "Request origin rejected" },
  "notFound.community": { zh: "找不到该社区", en: "Community not found" },
  "notFound.notice": { zh: "找不到该公告", en: "Notice not found" },
  "notFound.user": { zh: "找不到该账号", en: "Account not found" },
  "notFound.attachment": { zh: "找不到该附件", en: "Attachment not found" },
  "notFound.record": { zh: "找不到该记录", en: "Record not found" },
  "notice.notEditable": {
    zh: "公告已发布，不能直接修改：请使用“更正”发布新版本",
    en: "A published notice cannot be edited: publish a correction instead",
  },
  "notice.notSubmitted": { zh: "只有已提交的公告可以发布", en: "Only a submitted notice can be published" },
  "notice.notDraft": { zh: "只有草稿可以提交", en: "Only a draft can be submitted" },
  "notice.notPublished": {
    zh: "只有已发布的公告可以更正或撤回",
    en: "Only a published notice can be corrected or withdrawn",
  },
  "notice.scheduleInPast": { zh: "定时发布时间：必须晚于现在", en: "scheduled time: must be in the future" },
  "notice.withdraw.tooEarly": {
    zh: "撤回理由：公示期（至少 15 天）至 {date} 才结束；提前撤回须指定已发布的替代公告",
    en: "reason: the minimum posting period (15 days) ends on {date}; withdrawing earlier needs a published replacement notice",
  },
  "notice.replacementInvalid": {
    zh: "替代公告：必须是本社区另一条已发布的公告",
    en: "replacement notice: must be another published notice of this community",
  },
  "notice.tooManyAttachments": { zh: "附件：每条公告最多 {n} 个", en: "attachments: at most {n} per notice" },
  "attachment.tooManyForItem": { zh: "附件：每个议题最多 {n} 个", en: "attachments: at most {n} per agenda item" },
  "attachment.tooManyForUpdate": {
    zh: "附件：每条进展最多 {n} 个",
    en: "attachments: at most {n} per progress update",
  },
  "attachment.notPending": {
    zh: "附件：须为本决策刚上传、尚未发布的文件",
    en: "attachments: must be files just uploaded for this decision and not yet posted",
  },
  "notice.unchanged": { zh: "更正内容与当前版本相同", en: "The correction is identical to the current version" },
  "attachment.tooLarge": { zh: "附件：文件不能超过 {mb} MB", en: "attachment: the file must not exceed {mb} MB" },
  "attachment.badType": {
    zh: "附件：只接受 PDF、PNG、JPEG、WebP 文件",
    en: "attachment: only PDF, PNG, JPEG and WebP files are accepted",
  },
  "attachment.noticeWithdrawn": {
    zh: "附件：公告已撤回，不能再添加附件",
    en: "attachment: the notice has been withdrawn; no files can be added",
  },
  "attachment.published": {
    zh: "附件已随公告发布，不能删除",
    en: "The attachment has been published with the notice and cannot be removed",
  },
  "account.usernameTaken": { zh: "用户名：已被使用", en: "username: is already taken" },
  "account.roleNeedsCommunity": { zh: "社区：该角色必须指定社区", en: "community: this role needs a community" },
  "account.supervisorConflict": {
    zh: "角色：同一人不能既是社区工作人员又是监督委员（居委会组织法第36条）",
    en: "role: a person cannot be both staff and supervisor of one community (U36)",
  },
  "account.self": { zh: "不能停用自己的账号", en: "You cannot disable your own account" },
  "community.slugTaken": { zh: "网址标识：本街道已有同名社区", en: "slug: already used in this street" },
  "import.required": { zh: "{field}：必填", en: "{field}: is required" },
  "import.tooLong": { zh: "{field}：过长", en: "{field}: is too long" },
  "import.badDate": {
    zh: "{field}：不是有效日期（格式如 1980-01-02）",
    en: "{field}: is not a valid date (e.g. 1980-01-02)",
  },
  "import.futureDate": { zh: "{field}：不能晚于今天", en: "{field}: cannot be in the future" },
  "import.badPhone": { zh: "{field}：不是有效的电话号码", en: "{field}: is not a valid phone number" },
  "import.badYesNo": { zh: "{field}：请填“是”或“否”", en: "{field}: must be yes or no" },
  "import.duplicateInFile": {
    zh: "{field}：与文件中前面的行重复",
    en: "{field}: duplicates an earlier row of the file",
  },
  "import.unknownHousehold": {
    zh: "{field}：登记簿中没有这一户，请先导入或新建该户",
    en: "{field}: no such household in the registry; import or create it first",
  },
  "import.unknownGrid": { zh: "{field}：没有这个网格", en: "{field}: no such grid" },
  "import.unknownGroup": { zh: "{field}：没有这个居民小组", en: "{field}: no such residents' group" },
  "import.twoReps": {
    zh: "{field}：该户已有户代表（每户同时只能有一名户代表）",
    en: "{field}: the household already has a representative (one at a time)",
  },
  "resident.duplicate": {
    zh: "姓名：登记簿中已有同名同出生日期的居民",
    en: "name: a resident with this name and birth date is already registered",
  },
  "resident.repTaken": {
    zh: "户代表：该户已有户代表（{name}），如需更换请勾选“更换户代表”",
    en: "household representative: the household already has one ({name}); choose to replace them",
  },
  "resident.movedOut": { zh: "该居民已迁出，记录只读", en: "This resident has moved out; the record is read-only" },
  "resident.noPhone": {
    zh: "手机号：请先登记手机号，居民用手机号登录",
    en: "phone: register a phone first; residents log in with it",
  },
  "resident.phoneTaken": {
    zh: "手机号：该号码已是其他账号的登录手机号",
    en: "phone: this number is already another account's login",
  },
  "resident.repNeedsHousehold": {
    zh: "户代表：请先选择所属的户",
    en: "household representative: choose the household first",
  },
  "resident.moveOutBeforeBirth": {
    zh: "迁出日期：不能早于出生日期",
    en: "moved-out date: cannot be before the birth date",
  },
  "household.addressTaken": { zh: "住址：该户已登记", en: "address: this household is already registered" },
  "group.nameTaken": { zh: "名称：已有同名居民小组", en: "name: a group with this name exists" },
  "grid.nameTaken": { zh: "名称：已有同名网格", en: "name: a grid with this name exists" },
  "correction.handled": { zh: "该申请已处理", en: "This request has already been handled" },
  "activation.invalid": {
    zh: "激活码：无效或已使用，请向社区索取新的激活码",
    en: "activation code: invalid or already used; ask the committee for a new one",
  },
  "activation.expired": {
    zh: "激活码：已过期（有效期 14 天），请向社区索取新的激活码",
    en: "activation code: expired (valid 14 days); ask the committee for a new one",
  },
  "activation.phoneTaken": {
    zh: "激活码：该手机号已绑定其他账号，请联系社区",
    en: "activation code: this phone is linked to another account; contact the committee",
  },
  "notice.notOpenForObjection": {
    zh: "公示期已结束，不能再提出询问或异议",
    en: "The publicity period has ended; queries and objections are closed",
  },
  "notice.notPublishedForResident": { zh: "只能对已发布的公告操作", en: "Only published notices can be acknowledged" },
  "objection.answered": { zh: "该询问已答复", en: "This query has already been answered" },
  "resident.notLinked": { zh: "账号未关联居民登记", en: "The account is not linked to a registered resident" },
  "money.format": { zh: "{field}：请填写金额（元），如 1234.50", en: "{field}: enter an amount in yuan, e.g. 1234.50" },
  "money.decimals": { zh: "{field}：金额最多两位小数（分）", en: "{field}: at most two decimals (fen)" },
  "money.negative": {
    zh: "{field}：金额不能为负数，请用“收支”区分收入和支出",
    en: "{field}: amounts cannot be negative; use the direction for income or expense",
  },
  "money.tooLarge": { zh: "{field}：金额过大", en: "{field}: the amount is too large" },
  "money.zero": { zh: "{field}：金额必须大于 0", en: "{field}: the amount must be above 0" },
  "finance.badPeriod": {
    zh: "{field}：期间格式应为 2026-10（月）或 2026-Q4（季度）",
    en: "{field}: a period is 2026-10 (month) or 2026-Q4 (quarter)",
  },
  "finance.dateOutside": { zh: "{field}：日期不在本期间内", en: "{field}: the date is outside the period" },
  "finance.badDirection": { zh: "{field}：请填“收入”或“支出”", en: "{field}: must be income or expense" },
  "finance.unknownCategory": {
    zh: "{field}：不是街道设定的收支类别",
    en: "{field}: not one of the street office's categories for this direction",
  },
  "finance.periodExists": { zh: "期间：该期间已建立", en: "period: this period already exists" },
  "finance.wrongFrequency.monthly": {
    zh: "期间：本社区按月公开财务，请填写如 2026-10 的月份",
    en: "period: this community discloses monthly; enter a month such as 2026-10",
  },
  "finance.wrongFrequency.quarterly": {
    zh: "期间：本社区按季度公开财务，请填写如 2026-Q4 的季度",
    en: "period: this community discloses quarterly; enter a quarter such as 2026-Q4",
  },
  "finance.notOpen": {
    zh: "该期间已提交或已公开，不能修改；如有错误，请在未结期间录入调整分录",
    en: "This period is submitted or published and cannot change; correct it with an adjusting entry in an open period",
  },
  "finance.notSubmitted": { zh: "只有已提交的期间可以审核", en: "Only a submitted period can be reviewed" },
  "finance.notApproved": {
    zh: "未经监督委员会审核通过，不能公开",
    en: "The supervisory committee has not approved this period; it cannot be published",
  },
  "finance.staffCannotApprove": {
    zh: "社区工作人员不能审核本社区的账目（居委会组织法第36条）",
    en: "Staff of the community may not approve its books (U36)",
  },
  "finance.continuity": {
    zh: "期初余额 {opening} 元与上期 {previous} 的期末余额 {closing} 元不一致，不能公开",
    en: "The opening balance {opening} does not equal the closing balance {closing} of {previous}; cannot publish",
  },
  "finance.previousUnpublished": {
    zh: "上期 {previous} 尚未公开，请先公开上期",
    en: "The previous period {previous} is not yet published; publish it first",
  },
  "finance.adjustTarget": {
    zh: "被调整分录：必须是本社区已公开期间的分录",
    en: "adjusted entry: must be an entry of a published period of this community",
  },
  "finance.returnNeedsComment": {
    zh: "审核意见：退回时须说明原因",
    en: "comment: say why the period is returned",
  },
  "meeting.kindNotInRuleSet": {
    zh: "类型：该规则下没有这种会议",
    en: "kind: this rule set has no such meeting",
  },
  "meeting.basisNotAllowed": {
    zh: "计算基数：这种会议不能以此为法定人数基数",
    en: "basis: this kind of meeting cannot be held on that basis",
  },
  "meeting.groupRequired": { zh: "居民小组：村民小组会议须指定小组", en: "group: a group meeting needs its group" },
  "meeting.shortNotice": {
    zh: "开会时间：居民会议/村民会议须提前 {days} 天通知；如确需提前，请说明紧急事由",
    en: "start time: this meeting needs {days} days' notice; give an urgent reason to shorten it",
  },
  "meeting.notDraft": {
    zh: "只有草稿状态的会议可以修改或发布通知",
    en: "Only a draft meeting can be changed or announced",
  },
  "meeting.notCancellable": {
    zh: "会议已开始或已结束，不能取消",
    en: "The meeting has started or ended; it cannot be cancelled",
  },
  "meeting.alreadyPresent": {
    zh: "居民：已签到，无需再登记委托",
    en: "resident: already present; no proxy is needed",
  },
  "petition.notEligible": {
    zh: "您不符合该联名的签名条件（须为本社区相应的成年居民、户代表或居民代表）",
    en: "You are not eligible to sign this petition",
  },
  "petition.noRule": {
    zh: "计算基数：这种会议不能由此类居民联名提议召开",
    en: "basis: this meeting cannot be demanded on that basis",
  },
  "petition.closed": { zh: "该联名已结束", en: "This petition is closed" },
  "petition.notReached": { zh: "联名人数尚未达到法定比例", en: "The petition has not reached its threshold" },
  "meeting.notAnnounced": { zh: "会议须先发布通知才能开始", en: "Announce the meeting before opening it" },
  "meeting.notOpen": { zh: "会议未在进行中", en: "The meeting is not in progress" },
  "meeting.notClosed": { zh: "会议结束后才能发布纪要", en: "Close the meeting before publishing its minutes" },
  "meeting.notEligible": {
    zh: "该居民不在本次会议的应到名单中（已迁出、未满 18 周岁或不符合参会条件）",
    en: "This resident is not on the meeting's roll (moved out, under 18 or not eligible)",
  },
  "meeting.proxyLimit": {
    zh: "受托人：每人最多接受 {n} 份书面委托",
    en: "proxy holder: at most {n} written proxies per person",
  },
  "meeting.proxyNotAllowed": { zh: "这种会议不接受委托", en: "This kind of meeting does not accept proxies" },
  "meeting.holderAbsent": { zh: "受托人：须已签到", en: "proxy holder: must be checked in" },
  "meeting.noQuorum": {
    zh: "未达到法定人数：实到 {present} 人，应到 {eligible} 人，须至少 {needed} 人，不能作出决定",
    en: "No quorum: {present} present of {eligible}; {needed} needed. No resolution can be recorded",
  },
  "meeting.tooManyVotes": {
    zh: "票数：赞成、反对、弃权合计 {total}，超过实到人数 {present}",
    en: "votes: {total} in all exceeds the {present} present",
  },
  "meeting.itemDecided": { zh: "该议题已表决", en: "This item has already been decided" },
  "poll.tooFewOptions": {
    zh: "选项：至少需要两个选项（民主评议至少一名成员）",
    en: "options: at least two (a review: at least one member)",
  },
  "poll.duplicateOption": { zh: "选项：不能重复", en: "options: must not repeat" },
  "poll.badChoiceRange": {
    zh: "最多选择：须不少于最少选择且不超过选项数",
    en: "maximum choices: must be at least the minimum and at most the number of options",
  },
  "poll.closesBeforeOpens": { zh: "截止时间：须晚于开始时间", en: "closing time: must be after the opening time" },
  "poll.closesInPast": { zh: "截止时间：已经过去", en: "closing time: is in the past" },
  "poll.reviewYearRequired": { zh: "评议年度：民主评议须填写年度", en: "review year: a review needs its year" },
  "poll.meetingItemNotFound": {
    zh: "会议议题：须为本社区会议的议题",
    en: "meeting item: must be an item of a meeting of this community",
  },
  "poll.notDraft": { zh: "只有草稿状态的投票可以修改或发布", en: "Only a draft vote can be changed or published" },
  "poll.notCancellable": { zh: "投票已截止，不能取消", en: "The vote has closed; it cannot be cancelled" },
  "poll.notOpen": { zh: "投票未在进行中", en: "The vote is not open" },
  "poll.alreadyVoted": { zh: "已经投过票（每人一票）", en: "Already voted: one voter, one ballot" },
  "poll.noChange": { zh: "本次投票不允许改票", en: "This vote does not allow changing a ballot" },
  "poll.receiptNeeded": {
    zh: "原回执码：无记名投票改票须提供原回执码",
    en: "previous receipt: changing a secret ballot needs its receipt",
  },
  "poll.receiptUnknown": { zh: "回执码：未找到该回执", en: "receipt code: no such ballot" },
  "poll.chooseOne": { zh: "选项：请选择一项", en: "options: choose one" },
  "poll.choiceCount": { zh: "选项：须选择 {min} 至 {max} 项", en: "options: choose {min} to {max}" },
  "poll.duplicateChoice": { zh: "选项：不能重复选择", en: "options: chosen twice" },
  "poll.unknownOption": { zh: "选项：不是本次投票的选项", en: "options: not an option of this vote" },
  "poll.rateEveryMember": { zh: "评议：须对每名成员作出评价", en: "ratings: rate every member" },
  "poll.ineligible.movedOut": { zh: "已迁出本社区，没有投票资格", en: "Moved out: not eligible to vote" },
  "poll.ineligible.underage": {
    zh: "投票开始之日未满 18 周岁，没有投票资格",
    en: "Under 18 on the day the vote opened: not eligible",
  },
  "poll.ineligible.notHouseholdRep": {
    zh: "本次投票每户一票，由户代表投票",
    en: "One ballot per household: the household representative votes",
  },
  "poll.ineligible.notRepresentative": { zh: "本次投票仅限居民代表", en: "Only representatives vote in this poll" },
  "poll.ineligible.notPresent": {
    zh: "本次为会议现场投票，仅限投票开始时已签到的与会人员",
    en: "This ballot is for those checked in to the meeting when it opened",
  },
  "poll.meetingBallot": {
    zh: "会议议题：会议现场投票须关联一个未表决的议题，且为赞成/反对/弃权投票",
    en: "meeting item: a meeting ballot needs an undecided agenda item and a yes/no/abstain ballot",
  },
  "poll.meetingNotOpen": {
    zh: "会议尚未开始或已结束：会议现场投票须在会议进行中开始",
    en: "The meeting is not in progress: a meeting ballot opens during the meeting",
  },
  "poll.ineligible.notOnRoll": {
    zh: "不在投票开始时的选民名单中（名单在投票开始时确定）",
    en: "Not on the roll fixed when the vote opened",
  },
  "poll.noProxy": { zh: "委托人：您未持有该居民的书面委托", en: "proxy grantor: you hold no written proxy from them" },
  "poll.proxyGiven": {
    zh: "您已书面委托他人代为投票，请联系居委会撤销委托后再投",
    en: "You gave a written proxy; ask the committee to revoke it before voting yourself",
  },
  "poll.proxyLimit": {
    zh: "受托人：每人最多接受 {n} 份书面委托（居委会组织法第19条）",
    en: "proxy holder: at most {n} proxies (U19)",
  },
  "poll.stillOpen": { zh: "投票尚未到截止时间", en: "The vote has not reached its closing time" },
  "poll.proxyExists": {
    zh: "委托人：已登记过书面委托，请先撤销原委托",
    en: "proxy grantor: already has a proxy; revoke it first",
  },
  "poll.proxyChainGrantor": {
    zh: "委托人：本人持有他人的书面委托，不能再委托他人",
    en: "proxy grantor: holds others' proxies and cannot give one",
  },
  "poll.noSuchProxy": { zh: "委托人：没有登记该居民的书面委托", en: "proxy grantor: no proxy recorded for them" },
  "poll.proxySelf": { zh: "受托人：不能委托给本人", en: "proxy holder: cannot be the grantor" },
  "poll.proxyNotOnRoll": {
    zh: "委托人和受托人：都须在本次投票的选民名单中",
    en: "grantor and holder: both must be on the roll",
  },
  "poll.proxyUsed": {
    zh: "委托人：已投票，不能再登记或撤销委托",
    en: "proxy grantor: has voted; the proxy cannot change",
  },
  "poll.proxyChain": { zh: "受托人：本人已委托他人，不能再接受委托", en: "proxy holder: has given a proxy themself" },
  "volunteer.alreadyRegistered": { zh: "您已登记为志愿者", en: "You are already registered as a volunteer" },
  "volunteer.notRegistered": { zh: "请先登记为志愿者", en: "Register as a volunteer first" },
  "volunteer.noSuchTeam": { zh: "队伍：须为本社区的队伍", en: "teams: must be teams of this community" },
  "volunteer.underageForTeam": {
    zh: "“{team}”的任务不接受未满 18 周岁的志愿者（如夜间巡逻）",
    en: "“{team}” does not take volunteers under 18 (e.g. night patrol)",
  },
  "volunteer.notMember": {
    zh: "您还不是“{team}”的队员（或入队申请尚未通过）",
    en: "You are not (yet) a member of “{team}”",
  },
  "volunteer.shiftCancelled": { zh: "该班次已取消", en: "This shift has been cancelled" },
  "volunteer.shiftStarted": { zh: "该班次已经开始，不能再报名或取消", en: "This shift has started" },
  "volunteer.notApproved": {
    zh: "您的志愿者登记尚待社区审核，审核通过后才能报名",
    en: "Your registration awaits the committee's approval",
  },
  "volunteer.guardianConsent": {
    zh: "未满 14 周岁的志愿者须有监护人同意的记录（个人信息保护法第31条）",
    en: "A volunteer under 14 needs a guardian's consent on record (PIPL Art 31)",
  },
  "volunteer.noInsurance": {
    zh: "“{team}”的任务有风险，须先登记在有效期内的意外保险（志愿服务条例第17条），请联系社区",
    en: "“{team}” has risky tasks: accident insurance must be on record first (Art 17); ask the committee",
  },
  "volunteer.shiftFull": { zh: "该班次名额已满", en: "This shift is full" },
  "volunteer.alreadySignedUp": { zh: "您已报名该班次", en: "You are already signed up" },
  "volunteer.notSignedUp": { zh: "没有该班次的报名记录", en: "Not signed up for this shift" },
  "volunteer.cancelClosed": {
    zh: "已过取消截止时间（开始前 {hours} 小时），请直接联系队长",
    en: "Too late to cancel ({hours} hours before the start); contact the team leader",
  },
  "volunteer.checkInClosed": {
    zh: "签到时间为开始前 30 分钟至结束",
    en: "Check-in opens 30 minutes before the start and closes at the end",
  },
  "volunteer.notCheckedIn": { zh: "尚未签到，不能签退", en: "Not checked in yet" },
  "volunteer.badRange": {
    zh: "截止日期：须不早于起始日期，且时间范围不超过两个月",
    en: "to: must not be before from (at most two months)",
  },
  "volunteer.teamExists": { zh: "名称：本社区已有同名队伍", en: "name: a team of this name exists" },
  "volunteer.adjustTooLong": {
    zh: "服务分钟数：不能超过班次时长 {max} 分钟",
    en: "minutes: at most the shift's {max} minutes",
  },
  "volunteer.noSuchGrid": { zh: "网格：须为本社区的网格", en: "grid: must be a grid of this community" },
  "volunteer.stillPending": {
    zh: "志愿者：尚待审核，请先审核通过",
    en: "volunteer: still awaiting approval; approve first",
  },
  "volunteer.notEnded": {
    zh: "报名记录：班次结束后才能调整服务时长",
    en: "sign-up: minutes can be adjusted only after the shift has ended",
  },
  "volunteer.endsBeforeStarts": { zh: "结束时间：须晚于开始时间", en: "end time: must be after the start" },
  "volunteer.shiftTooLong": { zh: "结束时间：一个班次不超过 24 小时", en: "end time: a shift lasts at most 24 hours" },
  "volunteer.startsInPast": { zh: "开始时间：不能早于现在", en: "start time: must not be in the past" },
  "volunteer.emptySeries": {
    zh: "每周重复：所选星期在截止日期前没有任何班次",
    en: "weekly repeat: no shift falls on those weekdays before the end date",
  },
  "volunteer.badLeader": {
    zh: "队长：须为本社区已审核的志愿者",
    en: "team leader: must be an approved volunteer of this community",
  },
  "case.contactNeeded": {
    zh: "联系人和联系电话：未登录提交须留下姓名和电话，以便回复",
    en: "contact: without logging in, leave a name and phone to be called back",
  },
  "case.noSuchGrid": { zh: "网格：须为本社区的网格", en: "grid: must be a grid of this community" },
  "case.oneSubject": {
    zh: "{field}：一件投诉只针对一项公开内容（一则公告或一期财务）",
    en: "{field}: a complaint names one disclosure (a notice or a finance period)",
  },
  "case.subjectIsDisclosure": {
    zh: "{field}：针对某项公开内容的，类别须为“居务/村务公开”",
    en: "{field}: naming a disclosure, the category must be public disclosure",
  },
  "case.subjectIsComplaint": {
    zh: "{field}：针对某项公开内容的，类型须为“投诉”",
    en: "{field}: naming a disclosure, the kind must be complaint",
  },
  "case.noSuchNotice": {
    zh: "公告：须为本社区已发布的公告",
    en: "notice: must be a published notice of this community",
  },
  "case.noSuchPeriod": {
    zh: "财务公开期：须为本社区已公布的一期财务",
    en: "finance period: must be a published finance period of this community",
  },
  "case.notYours": { zh: "只有提出诉求的居民本人可以评价", en: "Only the resident who raised the case may rate it" },
  "case.notClosed": { zh: "办结后才能评价", en: "A case can be rated once it is closed" },
  "case.alreadyRated": { zh: "已经评价过，评价不能更改", en: "Already rated; a rating is final" },
  "case.wrongStage": { zh: "该事项当前不在这个环节", en: "The case is not at that stage" },
  "case.reasonNeeded": { zh: "说明：退回办理须说明原因", en: "note: say why it goes back to handling" },
  "case.notDispute": { zh: "类型：调解记录只用于纠纷", en: "kind: mediation records are for disputes only" },
  "case.mediationRefused": {
    zh: "类型：当事人已拒绝调解，不能再进行调解（人民调解法第17条），可引导通过其他途径解决",
    en: "kind: a party refused mediation (Art 17); suggest other channels",
  },
  "case.mediationOpen": {
    zh: "调解尚未结束：请先记录调解协议或当事人拒绝调解",
    en: "Mediation is still open: record the agreement or a refusal first",
  },
  "case.agreementTerms": {
    zh: "调解协议：须写明当事人、事实、协议内容和履行期限（人民调解法第28–30条）",
    en: "agreement: state the parties, facts, terms and deadline (Arts 28–30)",
  },
  "case.closedCase": { zh: "该事项已办结", en: "The case is closed" },
  "case.badAssignee": {
    zh: "承办人：须为本社区的工作人员或网格员",
    en: "assignee: must be staff or a grid worker here",
  },
  "case.extendedOnce": { zh: "每个事项只能延期一次", en: "A case can be extended only once" },
  "case.notEscalated": { zh: "该事项未上报街道或已办结", en: "The case is not escalated, or is closed" },
  "monitor.weightRange": {
    zh: "{field}：权重须为 0–100 的整数",
    en: "{field}: a weight is a whole number from 0 to 100",
  },
  "monitor.weightSum": { zh: "权重：各项权重之和须为 100", en: "weights: the weights must add up to 100" },
  "monitor.satisfactionLargest": {
    zh: "{field}：群众满意度须是权重最大的一项（民发〔2015〕136号）",
    en: "{field}: residents' satisfaction must carry the largest weight (民发〔2015〕136号)",
  },
  "monitor.published": {
    zh: "该年度考核结果已公布，不能再修改",
    en: "This year's results are published and can no longer change",
  },
  "monitor.yearNotOver": {
    zh: "年度：该年度尚未结束，结束后才能公布考核结果",
    en: "year: results can be published only after the year has ended",
  },
  "monitor.alertGone": {
    zh: "该提醒已不存在（情况可能已处理），请刷新",
    en: "This alert no longer applies (it may have been resolved); refresh",
  },
  "monitor.reasonRequired": {
    zh: "{field}：调整分数须写明理由（至少 4 个字）",
    en: "{field}: an adjustment needs a reason (at least 4 characters)",
  },
  "monitor.alreadyAcknowledged": { zh: "该提醒已被确认", en: "This alert is already acknowledged" },
  "validation.json": {
    zh: "输入：请求内容不是有效的 JSON",
    en: "input: the request body is not valid JSON",
  },
  "server.error": { zh: "服务器出错，请稍后重试", en: "Server error; please try again" },
} satisfies Record<string, { zh: string; en: string }>;

export type MessageKey = keyof typeof M;

export function fieldLabel(path: readonly PropertyKey[], lang: Lang): string {
  const names = path.filter((p): p is string => typeof p === "string");
  const last = names[names.length - 1];
  if (!last) return lang === "zh" ? "输入" : "input";
  return FIELD_LABELS[last]?.[lang] ?? last;
}

export function translate(key: MessageKey, lang: Lang, params: Params = {}): string {
  let text: string = M[key][lang];
  for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

export function isMessageKey(key: string): key is MessageKey {
  return key in M;
}

/** Turn one zod issue into a sentence naming the field and the rule. */
export function validationMessage(
  issue: {
    code: string;
    path: readonly PropertyKey[];
    message?: string;
    minimum?: number | bigint;
    maximum?: number | bigint;
    origin?: string;
    values?: readonly unknown[];
    input?: unknown;
    keys?: string[];
  },
  lang: Lang,
): string {
  const field = fieldLabel(issue.path, lang);
  const n = Number(issue.minimum ?? issue.maximum ?? 0);
  switch (issue.code) {
    case "invalid_type": {
      // zod 4 leaves `input` out of its issues (unless `reportInput`); its message still says what it received.
      const missing =
        "input" in issue ? issue.input === undefined : !issue.message || /received undefined$/.test(issue.message);
      return translate(missing ? "validation.required" : "validation.type", lang, { field });
    }
    case "too_small":
      if (issue.origin === "string")
        return translate(n <= 1 ? "validation.notEmpty" : "validation.minLength", lang, { field, n });
      if (issue.origin === "array") return translate("validation.minItems", lang, { field, n });
      return translate("validation.min", lang, { field, n });
    case "too_big":
      if (issue.origin === "string") return translate("validation.maxLength", lang, { field, n });
      if (issue.origin === "array") return translate("validation.maxItems", lang, { field, n });
      return translate("validation.max", lang, { field, n });
    case "invalid_value":
      return translate("validation.oneOf", lang, { field, values: (issue.values ?? []).join(", ") });
    case "unrecognized_keys":
      return translate("validation.unknownKey", lang, { field: (issue.keys ?? []).join(", ") });
    case "custom":
    case "invalid_format":
      if (issue.message && isMessageKey(issue.message)) return translate(issue.message, lang, { field });
      return translate("validation.format", lang, { field });
    default:
      return translate("validation.format", lang, { field });
  }
}
