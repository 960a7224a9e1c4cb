DROP TABLE payout_items;
DROP TABLE payout_lines;
DROP TABLE payout_runs;
DROP TABLE payout_settings;
DROP FUNCTION payout_items_match_ledger();
DROP FUNCTION payouts_append_only();
DROP FUNCTION payout_runs_forward_only();
DROP FUNCTION payout_lines_sum_items();
