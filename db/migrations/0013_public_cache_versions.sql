ALTER TABLE `communities` ADD `content_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `streets` ADD `content_version` integer DEFAULT 0 NOT NULL;
-- Public answers are cached under the content versions of their community and street (worker/public-cache.ts).
-- Every write to a table that public pages read gives the owner a new random version, in the same
-- statement as the write, whichever path made it (API, cron, import, a repair by hand). Tables only the
-- console reads (accounts, sessions, audit, monitor snapshots, activation codes, resident history,
-- correction requests) have none: test/integration/public-cache.test.ts holds every table to one list or the other.
--> statement-breakpoint
CREATE TRIGGER `cv_attachments_insert` AFTER INSERT ON `attachments` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_attachments_update` AFTER UPDATE ON `attachments` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_attachments_delete` AFTER DELETE ON `attachments` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_case_events_insert` AFTER INSERT ON `case_events` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_case_events_update` AFTER UPDATE ON `case_events` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_case_events_delete` AFTER DELETE ON `case_events` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_cases_insert` AFTER INSERT ON `cases` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_cases_update` AFTER UPDATE ON `cases` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_cases_delete` AFTER DELETE ON `cases` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_community_officials_insert` AFTER INSERT ON `community_officials` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_community_officials_update` AFTER UPDATE ON `community_officials` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_community_officials_delete` AFTER DELETE ON `community_officials` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_decision_updates_insert` AFTER INSERT ON `decision_updates` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_decision_updates_update` AFTER UPDATE ON `decision_updates` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_decision_updates_delete` AFTER DELETE ON `decision_updates` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_decisions_insert` AFTER INSERT ON `decisions` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_decisions_update` AFTER UPDATE ON `decisions` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_decisions_delete` AFTER DELETE ON `decisions` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_finance_entries_insert` AFTER INSERT ON `finance_entries` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_finance_entries_update` AFTER UPDATE ON `finance_entries` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_finance_entries_delete` AFTER DELETE ON `finance_entries` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_finance_periods_insert` AFTER INSERT ON `finance_periods` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_finance_periods_update` AFTER UPDATE ON `finance_periods` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_finance_periods_delete` AFTER DELETE ON `finance_periods` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_finance_vouchers_insert` AFTER INSERT ON `finance_vouchers` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_finance_vouchers_update` AFTER UPDATE ON `finance_vouchers` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_finance_vouchers_delete` AFTER DELETE ON `finance_vouchers` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_grids_insert` AFTER INSERT ON `grids` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_grids_update` AFTER UPDATE ON `grids` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_grids_delete` AFTER DELETE ON `grids` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_households_insert` AFTER INSERT ON `households` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_households_update` AFTER UPDATE ON `households` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_households_delete` AFTER DELETE ON `households` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_meeting_items_insert` AFTER INSERT ON `meeting_items` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_meeting_items_update` AFTER UPDATE ON `meeting_items` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_meeting_items_delete` AFTER DELETE ON `meeting_items` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_meetings_insert` AFTER INSERT ON `meetings` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_meetings_update` AFTER UPDATE ON `meetings` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_meetings_delete` AFTER DELETE ON `meetings` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_notice_acknowledgements_insert` AFTER INSERT ON `notice_acknowledgements` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_notice_acknowledgements_update` AFTER UPDATE ON `notice_acknowledgements` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_notice_acknowledgements_delete` AFTER DELETE ON `notice_acknowledgements` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_notice_objections_insert` AFTER INSERT ON `notice_objections` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_notice_objections_update` AFTER UPDATE ON `notice_objections` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_notice_objections_delete` AFTER DELETE ON `notice_objections` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_notice_versions_insert` AFTER INSERT ON `notice_versions` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_notice_versions_update` AFTER UPDATE ON `notice_versions` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_notice_versions_delete` AFTER DELETE ON `notice_versions` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_notices_insert` AFTER INSERT ON `notices` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_notices_update` AFTER UPDATE ON `notices` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_notices_delete` AFTER DELETE ON `notices` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_petitions_insert` AFTER INSERT ON `petitions` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_petitions_update` AFTER UPDATE ON `petitions` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_petitions_delete` AFTER DELETE ON `petitions` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_polls_insert` AFTER INSERT ON `polls` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_polls_update` AFTER UPDATE ON `polls` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_polls_delete` AFTER DELETE ON `polls` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_resident_groups_insert` AFTER INSERT ON `resident_groups` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_resident_groups_update` AFTER UPDATE ON `resident_groups` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_resident_groups_delete` AFTER DELETE ON `resident_groups` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_residents_insert` AFTER INSERT ON `residents` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_residents_update` AFTER UPDATE ON `residents` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_residents_delete` AFTER DELETE ON `residents` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_review_outcomes_insert` AFTER INSERT ON `review_outcomes` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_review_outcomes_update` AFTER UPDATE ON `review_outcomes` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_review_outcomes_delete` AFTER DELETE ON `review_outcomes` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_shifts_insert` AFTER INSERT ON `shifts` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_shifts_update` AFTER UPDATE ON `shifts` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_shifts_delete` AFTER DELETE ON `shifts` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_transparency_log_insert` AFTER INSERT ON `transparency_log` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_transparency_log_update` AFTER UPDATE ON `transparency_log` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_transparency_log_delete` AFTER DELETE ON `transparency_log` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_volunteer_certificates_insert` AFTER INSERT ON `volunteer_certificates` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_volunteer_certificates_update` AFTER UPDATE ON `volunteer_certificates` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_volunteer_certificates_delete` AFTER DELETE ON `volunteer_certificates` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_volunteer_records_insert` AFTER INSERT ON `volunteer_records` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_volunteer_records_update` AFTER UPDATE ON `volunteer_records` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_volunteer_records_delete` AFTER DELETE ON `volunteer_records` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_volunteer_teams_insert` AFTER INSERT ON `volunteer_teams` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_volunteer_teams_update` AFTER UPDATE ON `volunteer_teams` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_volunteer_teams_delete` AFTER DELETE ON `volunteer_teams` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_volunteers_insert` AFTER INSERT ON `volunteers` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_volunteers_update` AFTER UPDATE ON `volunteers` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = NEW.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_volunteers_delete` AFTER DELETE ON `volunteers` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = OLD.community_id; END;
--> statement-breakpoint
CREATE TRIGGER `cv_meeting_attendance_insert` AFTER INSERT ON `meeting_attendance` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM meetings WHERE id = NEW.meeting_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_meeting_attendance_update` AFTER UPDATE ON `meeting_attendance` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM meetings WHERE id = NEW.meeting_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_meeting_attendance_delete` AFTER DELETE ON `meeting_attendance` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM meetings WHERE id = OLD.meeting_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_meeting_roll_insert` AFTER INSERT ON `meeting_roll` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM meetings WHERE id = NEW.meeting_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_meeting_roll_update` AFTER UPDATE ON `meeting_roll` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM meetings WHERE id = NEW.meeting_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_meeting_roll_delete` AFTER DELETE ON `meeting_roll` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM meetings WHERE id = OLD.meeting_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_petition_signatures_insert` AFTER INSERT ON `petition_signatures` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM petitions WHERE id = NEW.petition_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_petition_signatures_update` AFTER UPDATE ON `petition_signatures` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM petitions WHERE id = NEW.petition_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_petition_signatures_delete` AFTER DELETE ON `petition_signatures` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM petitions WHERE id = OLD.petition_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_poll_ballots_insert` AFTER INSERT ON `poll_ballots` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM polls WHERE id = NEW.poll_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_poll_ballots_update` AFTER UPDATE ON `poll_ballots` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM polls WHERE id = NEW.poll_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_poll_ballots_delete` AFTER DELETE ON `poll_ballots` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM polls WHERE id = OLD.poll_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_poll_participation_insert` AFTER INSERT ON `poll_participation` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM polls WHERE id = NEW.poll_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_poll_participation_update` AFTER UPDATE ON `poll_participation` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM polls WHERE id = NEW.poll_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_poll_participation_delete` AFTER DELETE ON `poll_participation` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM polls WHERE id = OLD.poll_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_poll_proxies_insert` AFTER INSERT ON `poll_proxies` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM polls WHERE id = NEW.poll_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_poll_proxies_update` AFTER UPDATE ON `poll_proxies` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM polls WHERE id = NEW.poll_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_poll_proxies_delete` AFTER DELETE ON `poll_proxies` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM polls WHERE id = OLD.poll_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_poll_roll_insert` AFTER INSERT ON `poll_roll` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM polls WHERE id = NEW.poll_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_poll_roll_update` AFTER UPDATE ON `poll_roll` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM polls WHERE id = NEW.poll_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_poll_roll_delete` AFTER DELETE ON `poll_roll` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM polls WHERE id = OLD.poll_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_shift_signups_insert` AFTER INSERT ON `shift_signups` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM shifts WHERE id = NEW.shift_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_shift_signups_update` AFTER UPDATE ON `shift_signups` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM shifts WHERE id = NEW.shift_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_shift_signups_delete` AFTER DELETE ON `shift_signups` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM shifts WHERE id = OLD.shift_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_team_members_insert` AFTER INSERT ON `team_members` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM volunteer_teams WHERE id = NEW.team_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_team_members_update` AFTER UPDATE ON `team_members` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM volunteer_teams WHERE id = NEW.team_id); END;
--> statement-breakpoint
CREATE TRIGGER `cv_team_members_delete` AFTER DELETE ON `team_members` BEGIN UPDATE communities SET content_version = (random() >> 11) WHERE id = (SELECT community_id FROM volunteer_teams WHERE id = OLD.team_id); END;
--> statement-breakpoint
CREATE TRIGGER `sv_assessment_plans_insert` AFTER INSERT ON `assessment_plans` BEGIN UPDATE streets SET content_version = (random() >> 11) WHERE id = NEW.street_id; END;
--> statement-breakpoint
CREATE TRIGGER `sv_assessment_plans_update` AFTER UPDATE ON `assessment_plans` BEGIN UPDATE streets SET content_version = (random() >> 11) WHERE id = NEW.street_id; END;
--> statement-breakpoint
CREATE TRIGGER `sv_assessment_plans_delete` AFTER DELETE ON `assessment_plans` BEGIN UPDATE streets SET content_version = (random() >> 11) WHERE id = OLD.street_id; END;
--> statement-breakpoint
CREATE TRIGGER `sv_assessment_adjustments_insert` AFTER INSERT ON `assessment_adjustments` BEGIN UPDATE streets SET content_version = (random() >> 11) WHERE id = NEW.street_id; END;
--> statement-breakpoint
CREATE TRIGGER `sv_assessment_adjustments_update` AFTER UPDATE ON `assessment_adjustments` BEGIN UPDATE streets SET content_version = (random() >> 11) WHERE id = NEW.street_id; END;
--> statement-breakpoint
CREATE TRIGGER `sv_assessment_adjustments_delete` AFTER DELETE ON `assessment_adjustments` BEGIN UPDATE streets SET content_version = (random() >> 11) WHERE id = OLD.street_id; END;
--> statement-breakpoint
CREATE TRIGGER `sv_assessment_results_insert` AFTER INSERT ON `assessment_results` BEGIN UPDATE streets SET content_version = (random() >> 11) WHERE id = NEW.street_id; END;
--> statement-breakpoint
CREATE TRIGGER `sv_assessment_results_update` AFTER UPDATE ON `assessment_results` BEGIN UPDATE streets SET content_version = (random() >> 11) WHERE id = NEW.street_id; END;
--> statement-breakpoint
CREATE TRIGGER `sv_assessment_results_delete` AFTER DELETE ON `assessment_results` BEGIN UPDATE streets SET content_version = (random() >> 11) WHERE id = OLD.street_id; END;
--> statement-breakpoint
CREATE TRIGGER `sv_communities_insert` AFTER INSERT ON `communities` BEGIN UPDATE streets SET content_version = (random() >> 11) WHERE id = NEW.street_id; END;
--> statement-breakpoint
CREATE TRIGGER `sv_communities_delete` AFTER DELETE ON `communities` BEGIN UPDATE streets SET content_version = (random() >> 11) WHERE id = OLD.street_id; END;
--> statement-breakpoint
CREATE TRIGGER `sv_communities_update` AFTER UPDATE OF street_id, slug, name, name_en, kind, address, office_hours, contact_phone, intro ON `communities` BEGIN UPDATE streets SET content_version = (random() >> 11) WHERE id = NEW.street_id; END;
--> statement-breakpoint
CREATE TRIGGER `sv_streets_update` AFTER UPDATE OF slug, name, name_en, settings ON `streets` BEGIN UPDATE streets SET content_version = (random() >> 11) WHERE id = NEW.id; END;
