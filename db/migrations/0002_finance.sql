CREATE TABLE `finance_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`period_id` text NOT NULL,
	`entry_date` text NOT NULL,
	`direction` text NOT NULL,
	`category` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`summary` text NOT NULL,
	`counterparty` text DEFAULT '' NOT NULL,
	`counterparty_is_person` integer DEFAULT false NOT NULL,
	`voucher_no` text DEFAULT '' NOT NULL,
	`adjusts_entry_id` text,
	`import_key` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`period_id`) REFERENCES `finance_periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `finance_entries_period_idx` ON `finance_entries` (`period_id`,`entry_date`);--> statement-breakpoint
CREATE INDEX `finance_entries_community_idx` ON `finance_entries` (`community_id`,`entry_date`);--> statement-breakpoint
CREATE INDEX `finance_entries_adjusts_idx` ON `finance_entries` (`adjusts_entry_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `finance_entries_import_uq` ON `finance_entries` (`period_id`,`import_key`);--> statement-breakpoint
CREATE TABLE `finance_periods` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`period` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`status` text NOT NULL,
	`opening_balance_fen` integer NOT NULL,
	`income_fen` integer,
	`expense_fen` integer,
	`closing_balance_fen` integer,
	`submitted_at` integer,
	`submitted_by` text,
	`reviewed_at` integer,
	`reviewed_by` text,
	`reviewer_name` text,
	`review_comment` text,
	`published_at` integer,
	`published_by` text,
	`content_hash` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `finance_periods_community_period_uq` ON `finance_periods` (`community_id`,`period`);--> statement-breakpoint
CREATE INDEX `finance_periods_community_status_idx` ON `finance_periods` (`community_id`,`status`,`period`);--> statement-breakpoint
CREATE TABLE `finance_vouchers` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`entry_id` text NOT NULL,
	`name` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`r2_key` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_id`) REFERENCES `finance_entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `finance_vouchers_entry_idx` ON `finance_vouchers` (`entry_id`);