-- The leaderboard keeps the partner tiers it offers per change epoch (with
-- the periods and metrics, which already move it), so a change to a tier
-- moves the epoch too.
CREATE CONSTRAINT TRIGGER partner_tiers_change_epoch
    AFTER INSERT OR UPDATE OR DELETE ON partner_tiers
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_change_epoch();
