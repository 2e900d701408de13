ALTER TABLE `cases` ADD `notice_id` text REFERENCES notices(id);--> statement-breakpoint
ALTER TABLE `cases` ADD `period_id` text REFERENCES finance_periods(id);