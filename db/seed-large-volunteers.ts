/**
 * Volunteering for the large benchmark street: about 2% of residents volunteer, in a night
 * patrol (risky, adults only, insured) and one or two other teams, with two years of weekly
 * shifts (the patrol about three a week) and sign-ups settled as shared/rules/volunteers.ts
 * settles them: check-in and check-out by QR, minutes capped by the shift, no-shows, a forgotten
 * check-out now and then, and gaps where a shift was not filled.
 */
import type { CommunityCtx, Person } from "./seed-large";
import { DAY, HOUR, MINUTE, atLocal, dateOf, dayStart, weekdayOf } from "./seed-large-util";
import { TEAM_SPECS } from "./seed-large-names";
import { servedMinutes } from "../shared/rules/volunteers";

type Weekly = { weekday: number; start: [number, number]; hours: number; task: string; place: string };

export function volunteerSeedLarge(c: CommunityCtx): void {
  const { h } = c;
  const thisYear = Number(dateOf(c.now).slice(0, 4));
  const pool = c.adults.filter((p) => {
    const age = thisYear - Number(p.birthDate.slice(0, 4));
    return age >= 20 && age <= 68 && p.phone;
  });
  const wanted = Math.max(6, Math.round(c.people.length * 0.02));
  const chosen = h.sample(pool, wanted);
  if (chosen.length < 3) return;
  const since = c.start - h.int(20, 90) * DAY;
  const volunteerIds = new Map<Person, string>();
  const insuredUntil = dateOf(c.now + h.int(60, 300) * DAY);

  // Teams: the patrol and one or two others.
  const others = h.sample(TEAM_SPECS, h.int(1, 2));
  const patrolSize = Math.max(3, Math.round(chosen.length * 0.55));
  const patrolMembers = chosen.slice(0, patrolSize);
  const patrolSet = new Set(patrolMembers);
  const patrolDays = h.pick([
    [1, 3, 5],
    [2, 4, 6],
    [0, 3, 5],
    [1, 4, 6],
  ]);
  const patrolStart: [number, number] =
    c.kind === "urban"
      ? h.pick([
          [19, 30],
          [20, 0],
        ] as [number, number][])
      : [21, 0];
  const teams = [
    {
      name: c.kind === "urban" ? `${c.name.replace(/社区$/, "")}平安巡逻队` : `${c.name}治安巡逻队`,
      kind: "patrol" as const,
      description: "夜间在辖区巡逻，关注消防通道、电动车充电和独居老人。须年满 18 周岁并登记意外保险。",
      risky: true,
      cancelCutoffHours: 12,
      capacity: h.int(2, 4),
      members: patrolMembers,
      weekly: patrolDays.map((weekday): Weekly => ({
        weekday,
        start: patrolStart,
        hours: 2,
        task: c.kind === "urban" ? "夜间巡逻" : "村道夜间巡逻",
        place: c.kind === "urban" ? "社区东门集合" : "村委会门口",
      })),
    },
    ...others.map((spec) => ({
      name: spec.name,
      kind: spec.kind,
      description: spec.description,
      risky: false,
      cancelCutoffHours: h.pick([6, 12, 24]),
      capacity: h.int(2, 5),
      members: h.sample(chosen, Math.max(3, Math.round(chosen.length * 0.4))),
      weekly: [
        {
          weekday: h.int(0, 6),
          start: h.pick([
            [9, 0],
            [14, 0],
            [15, 30],
          ] as [number, number][]),
          hours: h.pick([2, 2.5, 3]),
          task: spec.task,
          place: c.kind === "urban" ? "社区党群服务中心" : "村文化礼堂",
        },
      ],
    })),
  ];

  for (const p of chosen) {
    const id = c.ids.id(since);
    volunteerIds.set(p, id);
    const insured = patrolSet.has(p);
    c.buf.add("volunteers", {
      id,
      community_id: c.communityId,
      resident_id: p.id,
      skills: h.pick(["急救", "驾驶", "摄影", "法律咨询", "心理疏导", "电工维修", "书法", "烹饪"]),
      availability: h.pick(["工作日晚上", "周末上午", "随时", "周二、周四下午"]),
      show_name: h.chance(0.5),
      status: "active",
      insurer: insured ? "中国人民财产保险" : null,
      insurance_policy: insured ? `PICC-${id.slice(-8)}` : null,
      insured_until: insured ? insuredUntil : null,
      approved_by: c.adminId,
      approved_at: since + DAY,
      created_at: since,
      updated_at: since + DAY,
    });
  }
  // One application waiting for approval.
  const waiting = pool.find((p) => !volunteerIds.has(p));
  if (waiting)
    c.buf.add("volunteers", {
      id: c.ids.id(c.now - 2 * DAY),
      community_id: c.communityId,
      resident_id: waiting.id,
      skills: "会开车",
      availability: "周末",
      show_name: false,
      status: "pending",
      created_at: c.now - 2 * DAY,
      updated_at: c.now - 2 * DAY,
    });

  const gapRate = 0.05 + 0.2 * (1 - c.quality);
  for (const team of teams) {
    const teamId = c.ids.id(since);
    const members = team.members.map((p) => volunteerIds.get(p)!);
    c.buf.add("volunteer_teams", {
      id: teamId,
      community_id: c.communityId,
      name: team.name,
      kind: team.kind,
      description: team.description,
      leader_volunteer_id: members[0],
      is_public: true,
      risky: team.risky,
      adults_only: team.risky,
      cancel_cutoff_hours: team.cancelCutoffHours,
      created_at: since,
      updated_at: since,
    });
    for (const v of members) {
      c.buf.add("team_members", { team_id: teamId, volunteer_id: v, status: "active", joined_at: since + DAY });
      if (team.risky)
        c.buf.add("volunteer_records", {
          id: c.ids.id(since + 20 * DAY),
          volunteer_id: v,
          community_id: c.communityId,
          kind: "training",
          date: dateOf(since + 20 * DAY),
          title: "消防安全与应急处置培训",
          note: "",
          recorded_by: c.adminName,
          created_at: since + 20 * DAY,
        });
    }

    // Two years of weekly shifts and two weeks ahead.
    for (let day = dayStart(c.start); day < c.now + 14 * DAY; day += DAY) {
      const weekday = weekdayOf(day + 12 * HOUR);
      for (const w of team.weekly) {
        if (w.weekday !== weekday) continue;
        const startsAt = atLocal(dateOf(day + 12 * HOUR), w.start[0], w.start[1]);
        const endsAt = startsAt + w.hours * HOUR;
        if (startsAt <= c.now && endsAt > c.now - 3 * HOUR) continue; // nothing in progress or unsettled
        const past = endsAt < c.now;
        const shiftId = c.ids.id(startsAt - 7 * DAY);
        c.buf.add("shifts", {
          id: shiftId,
          team_id: teamId,
          community_id: c.communityId,
          task: w.task,
          starts_at: startsAt,
          ends_at: endsAt,
          place: w.place,
          grid_id: null,
          capacity: team.capacity,
          notes: "",
          settled_at: past ? endsAt + 2 * HOUR + h.int(0, 59) * MINUTE : null,
          created_by: c.adminId,
          created_at: startsAt - 7 * DAY,
        });
        // Past shifts mostly full, some a place or two short; upcoming ones filling up.
        const take = past
          ? Math.max(0, team.capacity - (h.chance(gapRate) ? h.int(1, 2) : 0))
          : h.int(0, team.capacity);
        const crew = h.sample(members, take);
        for (const v of crew) {
          const signedUp = Math.min(startsAt - h.int(1, 6) * DAY - h.int(0, 12) * HOUR, c.now - h.int(1, 48) * HOUR);
          const row: Record<string, unknown> = {
            id: c.ids.id(signedUp),
            shift_id: shiftId,
            volunteer_id: v,
            signed_up_at: signedUp,
            cancelled_at: null,
          };
          if (past) {
            const x = h.rand();
            if (x < 0.04) Object.assign(row, { minutes: 0, flag: "no_show" });
            else {
              const checkIn = startsAt - h.int(0, 10) * MINUTE;
              if (x > 0.98) {
                // Forgot to check out: closed at the shift's end when the shift was settled.
                Object.assign(row, {
                  check_in_at: checkIn,
                  check_in_by: "qr",
                  check_out_at: endsAt,
                  minutes: servedMinutes(checkIn, endsAt, { startsAt, endsAt }),
                  flag: "no_checkout",
                });
              } else {
                const checkOut = endsAt + h.int(0, 15) * MINUTE - (h.chance(0.15) ? h.int(10, 45) * MINUTE : 0);
                Object.assign(row, {
                  check_in_at: checkIn,
                  check_in_by: "qr",
                  check_out_at: checkOut,
                  check_out_by: "qr",
                  minutes: servedMinutes(checkIn, checkOut, { startsAt, endsAt }),
                });
                if (x > 0.975 && (row.minutes as number) < w.hours * 60)
                  Object.assign(row, {
                    adjusted_minutes: Math.floor(w.hours * 60),
                    adjust_reason: "签退时手机没电，队长确认全程在岗",
                  });
              }
            }
          }
          c.buf.add("shift_signups", row);
        }
        // Now and then someone cancelled in time and their place stayed open or was taken.
        if (h.chance(0.03)) {
          const v = members.find((m) => !crew.includes(m));
          const signedUp = startsAt - h.int(3, 6) * DAY;
          if (v && signedUp + 2 * DAY < c.now) {
            c.buf.add("shift_signups", {
              id: c.ids.id(signedUp),
              shift_id: shiftId,
              volunteer_id: v,
              signed_up_at: signedUp,
              cancelled_at: signedUp + h.int(2, 40) * HOUR,
            });
          }
        }
      }
    }
  }
}
