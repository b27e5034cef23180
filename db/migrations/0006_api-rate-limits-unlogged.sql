-- Rate-limit counters need no durability (a crash resets a minute's count): unlogged, so counting a request does
-- not wait for a WAL flush on commit.
ALTER TABLE "api_rate_limits" SET UNLOGGED;
