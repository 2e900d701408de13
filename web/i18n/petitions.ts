/**
 * Strings of the public petitions page ("pet."): residents petition the committee to convene a
 * meeting (联名提议召开会议). They load with that lazy page (registerStrings), never with the first bundle.
 */
export const petitionStrings = {
  zh: {
    "pet.title": "联名提议召开会议",
    "pet.titleOf": "{community}联名提议",
    "pet.intro":
      "依照法律规定，达到法定比例的居民（村民）联名提议召开会议的，居（村）民委员会应当召集会议。这里公开联名人数，不公开签名人姓名。",
    "pet.back": "← 会议公开",
    "pet.empty": "目前没有联名提议。",

    "pet.kind.residents_meeting": "居民会议",
    "pet.kind.representatives_meeting": "居民代表会议",
    "pet.kind.villagers_meeting": "村民会议",
    "pet.kind.village_reps_meeting": "村民代表会议",
    "pet.kind.village_group_meeting": "村民小组会议",
    "pet.kind.consultation": "议事协商会",

    "pet.basis.adults": "年满十八周岁的居民联名",
    "pet.basis.adultsVillage": "年满十八周岁的村民联名",
    "pet.basis.household_reps": "户代表联名",
    "pet.basis.representatives": "居民代表联名",
    "pet.basis.representativesVillage": "村民代表联名",

    "pet.status.open": "征集中",
    "pet.status.reached": "已达到",
    "pet.status.convened": "已召开会议",
    "pet.status.closed": "已结束",

    "pet.progress": "已有 {n} 人签名，达到 {k} 人即须召开会议（应有资格 {m} 人）",
    "pet.progressLabel": "签名进度 {n} / {k}",
    "pet.meetingLink": "查看召开的会议 →",
    "pet.createdAt": "发起于 {at}",

    "pet.sign": "签名支持",
    "pet.signed": "已签名",
    "pet.loginHint": "本社区居民登录后可以签名支持或发起联名。",
    "pet.login": "登录",

    "pet.new.title": "发起联名",
    "pet.new.hint": "发起后您即为第一位签名人；所需人数按发起当日的名册计算。",
    "pet.new.kind": "提议召开的会议",
    "pet.new.basis": "联名人",
    "pet.new.titleLabel": "议题",
    "pet.new.purpose": "理由和拟议事项",
    "pet.new.purposeHint": "至少 10 个字，将公开显示。",
    "pet.new.submit": "发起联名",
    "pet.new.done": "联名已发起：须有 {k} 人签名（应有资格 {m} 人）。",
  },
  en: {
    "pet.title": "Petitions to convene a meeting",
    "pet.titleOf": "{community}: petitions",
    "pet.intro":
      "When enough residents petition for it, the law requires the committee to convene a meeting. Counts are public; signers' names are not.",
    "pet.back": "← Meetings",
    "pet.empty": "There are no petitions yet.",

    "pet.kind.residents_meeting": "Residents' meeting",
    "pet.kind.representatives_meeting": "Residents' representatives meeting",
    "pet.kind.villagers_meeting": "Villagers' meeting",
    "pet.kind.village_reps_meeting": "Villagers' representatives meeting",
    "pet.kind.village_group_meeting": "Villager group meeting",
    "pet.kind.consultation": "Consultation",

    "pet.basis.adults": "Signed by adult residents",
    "pet.basis.adultsVillage": "Signed by adult villagers",
    "pet.basis.household_reps": "Signed by household representatives",
    "pet.basis.representatives": "Signed by residents' representatives",
    "pet.basis.representativesVillage": "Signed by villagers' representatives",

    "pet.status.open": "Collecting",
    "pet.status.reached": "Threshold reached",
    "pet.status.convened": "Meeting convened",
    "pet.status.closed": "Closed",

    "pet.progress": "{n} signatures; the meeting must be convened at {k} ({m} eligible)",
    "pet.progressLabel": "Signatures {n} / {k}",
    "pet.meetingLink": "See the meeting →",
    "pet.createdAt": "Started {at}",

    "pet.sign": "Sign",
    "pet.signed": "Signed",
    "pet.loginHint": "Residents of this community can log in to sign or start a petition.",
    "pet.login": "Log in",

    "pet.new.title": "Start a petition",
    "pet.new.hint": "You will be its first signer; the number needed is fixed from today's registry.",
    "pet.new.kind": "Meeting to convene",
    "pet.new.basis": "Signers",
    "pet.new.titleLabel": "Subject",
    "pet.new.purpose": "Reasons and proposed business",
    "pet.new.purposeHint": "At least 10 characters; shown publicly.",
    "pet.new.submit": "Start petition",
    "pet.new.done": "Petition started: {k} signatures needed ({m} eligible).",
  },
} as const;
