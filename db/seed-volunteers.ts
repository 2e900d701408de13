/**
 * Demo volunteering: teams with a leader, approved volunteers (some consenting to show their
 * name), eight weeks of past shifts with check-in/out, a no-show, a forgotten check-out and a
 * staff adjustment, upcoming shifts with places left, and training and award records.
 * Deterministic: the same seed gives the same people and hours.
 */
import { newId } from "../shared/ids";
import { ageOn, shanghaiDate } from "../shared/rules/eligibility";
import { servedMinutes, type TeamKind } from "../shared/rules/volunteers";
import { insert } from "./seed-sql";
import { rng } from "./seed-rng";

const DAY = 86_400_000;
type Person = { id: string; name: string; birthDate: string; phone: string };

/** Adults between the ages, in registry order, leaving out the given ids. */
export function adultsAged(people: Person[], min: number, max: number, now: number, except: string[] = []) {
  return people.filter((p) => {
    const age = ageOn(p.birthDate, now);
    return age >= min && age <= max && !except.includes(p.id) && p.phone;
  });
}

/** The resident who leads the first community's night patrol (and gets the team-leader login). */
export function patrolLeader(people: Person[], now: number, demoResidentId: string): Person {
  return adultsAged(people, 40, 62, now, [demoResidentId])[0];
}

type TeamSeed = {
  name: string;
  kind: TeamKind;
  description: string;
  risky?: boolean;
  adultsOnly?: boolean;
  cancelCutoffHours: number;
  size: number;
  leader?: Person;
  /** Weekly shifts: weekday (0 = Sunday), start and end "HH:MM" in Beijing time, task, place, places. */
  weekly: { weekday: number; start: string; end: string; task: string; place: string; capacity: number }[];
  trainings?: string[];
};

export function volunteerSeed(o: {
  communityId: string;
  people: Person[];
  demoResidentId: string | null;
  teams: TeamSeed[];
  /** Teams the demo resident volunteers with (by name). */
  demoTeams: string[];
  createdBy: string;
  now: number;
  seed: number;
}): string[] {
  const rand = rng(o.seed);
  const sql: string[] = [];
  const today = shanghaiDate(o.now);
  const at = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+08:00`);
  const dateAt = (offsetDays: number) => shanghaiDate(Date.parse(`${today}T12:00:00+08:00`) + offsetDays * DAY);
  const registered = new Map<string, string>(); // resident id → volunteer id
  const volunteerOf = (p: Person, since: number, extra: Record<string, unknown> = {}) => {
    const existing = registered.get(p.id);
    if (existing) return existing;
    const id = newId(since);
    registered.set(p.id, id);
    sql.push(
      insert("volunteers", {
        id,
        community_id: o.communityId,
        resident_id: p.id,
        skills: ["急救", "驾驶", "摄影", "法律咨询", "心理疏导", "电工维修"][Math.floor(rand() * 6)],
        availability: ["工作日晚上", "周末上午", "随时", "周二、周四下午"][Math.floor(rand() * 4)],
        show_name: rand() < 0.5,
        status: "active",
        approved_by: o.createdBy,
        approved_at: since + DAY,
        created_at: since,
        updated_at: since + DAY,
        ...extra,
      }),
    );
    return id;
  };
  const pool = adultsAged(o.people, 22, 70, o.now, o.demoResidentId ? [o.demoResidentId] : []);
  let cursor = 0;
  const since = o.now - 120 * DAY;
  const teamIds: string[] = [];

  for (const team of o.teams) {
    const teamId = newId(since);
    teamIds.push(teamId);
    const members: { volunteerId: string; person: Person }[] = [];
    const add = (p: Person, extra: Record<string, unknown> = {}) =>
      members.push({ volunteerId: volunteerOf(p, since, extra), person: p });
    if (team.leader) add(team.leader, team.risky ? { show_name: true } : {});
    while (members.length < team.size && cursor < pool.length) {
      const p = pool[cursor++];
      if (p.id !== team.leader?.id) add(p);
    }
    if (o.demoResidentId && o.demoTeams.includes(team.name)) {
      const demo = o.people.find((p) => p.id === o.demoResidentId)!;
      add(demo, { show_name: false, skills: "太极拳教学、陪老人聊天", availability: "周末上午" });
    }
    // Risky work needs accident insurance on record (Art 17): every patrol member has it.
    if (team.risky)
      for (const m of members)
        sql.push(
          `UPDATE volunteers SET insurer = '中国人民财产保险', insurance_policy = 'PICC-${m.volunteerId.slice(-8)}', insured_until = '${shanghaiDate(o.now + 200 * DAY)}' WHERE id = '${m.volunteerId}';`,
        );
    sql.push(
      insert("volunteer_teams", {
        id: teamId,
        community_id: o.communityId,
        name: team.name,
        kind: team.kind,
        description: team.description,
        leader_volunteer_id: team.leader ? registered.get(team.leader.id)! : null,
        is_public: true,
        risky: team.risky ?? false,
        adults_only: team.adultsOnly ?? false,
        cancel_cutoff_hours: team.cancelCutoffHours,
        archived_at: null,
        created_at: since,
        updated_at: since,
      }),
      ...members.map((m) =>
        insert("team_members", {
          team_id: teamId,
          volunteer_id: m.volunteerId,
          status: "active",
          joined_at: since + DAY,
        }),
      ),
    );
    for (const title of team.trainings ?? [])
      for (const m of members)
        sql.push(
          insert("volunteer_records", {
            id: newId(since),
            volunteer_id: m.volunteerId,
            community_id: o.communityId,
            kind: "training",
            date: dateAt(-100),
            title,
            note: "",
            recorded_by: "李秀英",
            created_at: since + 20 * DAY,
          }),
        );

    // Eight weeks back and three weeks ahead of the team's weekly shifts.
    let adjusted = false;
    let forgot = false;
    for (let d = -56; d <= 21; d++) {
      const date = dateAt(d);
      const weekday = new Date(`${date}T12:00:00+08:00`).getUTCDay();
      for (const w of team.weekly.filter((x) => x.weekday === weekday)) {
        const startsAt = at(date, w.start);
        let endsAt = at(date, w.end);
        if (endsAt <= startsAt) endsAt += DAY; // a night shift ends the next morning
        if (startsAt <= o.now && endsAt > o.now - 3 * 3600_000) continue; // nothing in progress
        const shiftId = newId(startsAt - 7 * DAY);
        const past = endsAt < o.now;
        sql.push(
          insert("shifts", {
            id: shiftId,
            team_id: teamId,
            community_id: o.communityId,
            series_id: null,
            task: w.task,
            starts_at: startsAt,
            ends_at: endsAt,
            place: w.place,
            grid_id: null,
            capacity: w.capacity,
            notes: "",
            cancelled_at: null,
            cancel_reason: null,
            settled_at: past ? endsAt + 3 * 3600_000 : null,
            created_by: o.createdBy,
            created_at: startsAt - 7 * DAY,
          }),
        );
        // Past shifts were mostly full; future ones are filling up and leave places for the demo.
        const take = past ? w.capacity - (rand() < 0.3 ? 1 : 0) : Math.floor(rand() * w.capacity);
        const crew = [...members]
          .filter((m) => m.person.id !== o.demoResidentId || past)
          .sort(() => rand() - 0.5)
          .slice(0, take);
        for (const m of crew) {
          const row: Record<string, unknown> = {
            id: newId(startsAt - 3 * DAY),
            shift_id: shiftId,
            volunteer_id: m.volunteerId,
            signed_up_at: startsAt - (2 + Math.floor(rand() * 5)) * DAY,
            cancelled_at: null,
          };
          if (past) {
            const x = rand();
            if (x < 0.05) Object.assign(row, { minutes: 0, flag: "no_show" });
            else {
              const checkIn = startsAt - Math.floor(rand() * 10) * 60_000;
              const checkOut = endsAt + Math.floor(rand() * 15) * 60_000 - (rand() < 0.2 ? 40 * 60_000 : 0);
              Object.assign(row, { check_in_at: checkIn, check_in_by: "qr" });
              if (!forgot && x > 0.97) {
                forgot = true;
                Object.assign(row, {
                  check_out_at: endsAt,
                  minutes: servedMinutes(checkIn, endsAt, { startsAt, endsAt }),
                  flag: "no_checkout",
                });
              } else {
                Object.assign(row, {
                  check_out_at: checkOut,
                  check_out_by: "qr",
                  minutes: servedMinutes(checkIn, checkOut, { startsAt, endsAt }),
                });
                if (!adjusted && d < -30 && (row.minutes as number) < (endsAt - startsAt) / 60_000) {
                  adjusted = true;
                  Object.assign(row, {
                    adjusted_minutes: Math.floor((endsAt - startsAt) / 60_000),
                    adjust_reason: "签退时手机没电，队长确认全程在岗",
                  });
                }
              }
            }
          }
          sql.push(insert("shift_signups", row));
        }
      }
    }
    if (members[1])
      sql.push(
        insert("volunteer_records", {
          id: newId(since),
          volunteer_id: members[1].volunteerId,
          community_id: o.communityId,
          kind: "award",
          date: dateAt(-40),
          title: `${team.name} 优秀志愿者`,
          note: "服务认真，群众评价好。",
          recorded_by: "王建国",
          created_at: o.now - 40 * DAY,
        }),
      );
  }

  // One adult waiting for approval, with a request to join the first team.
  const waiting = pool[cursor++];
  if (waiting) {
    const id = newId(o.now - 2 * DAY);
    sql.push(
      insert("volunteers", {
        id,
        community_id: o.communityId,
        resident_id: waiting.id,
        skills: "会开车",
        availability: "周末",
        show_name: false,
        status: "pending",
        created_at: o.now - 2 * DAY,
        updated_at: o.now - 2 * DAY,
      }),
      insert("team_members", { team_id: teamIds[0], volunteer_id: id, status: "pending", joined_at: o.now - 2 * DAY }),
    );
  }
  return sql;
}
