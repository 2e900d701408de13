/**
 * The nightly run (16:30 UTC = 00:30 Asia/Shanghai): must match `crons` in wrangler.toml. Kept
 * out of the entry module, whose named exports workerd takes for entrypoints.
 */
export const NIGHTLY_CRON = "30 16 * * *";
