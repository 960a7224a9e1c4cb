use super::*;
use proptest::prelude::*;
use rust_decimal_macros::dec;

fn node(user_id: i64, tier_id: Option<i64>, active: bool) -> NetworkNode {
    NetworkNode {
        user_id,
        name: format!("partner {user_id}"),
        tier_id,
        tier_code: tier_id.map(|t| format!("T{t}")),
        partner_type_id: None,
        active,
        sponsor_id: None,
    }
}

/// Partner 1 (of `tier`) sold; the upline is ids 2, 3, … of tier 1,
/// active where `chain` has `+`, inactive where it has `-`.
fn network(tier: Option<i64>, chain: &str) -> NetworkSnapshot {
    let upline = (2..).zip(chain.chars());
    NetworkSnapshot {
        partner: node(1, tier, true),
        upline: upline.map(|(id, c)| node(id, Some(1), c == '+')).collect(),
        downline_summary: DownlineSummary::default(),
    }
}

/// Tiers 1/2/3 pay 10/15/20 %, others 5 %; levels 5/3/2/1 %; matching 10 %.
fn plan() -> CommissionPlan {
    CommissionPlan {
        version: 7,
        direct_rates: BTreeMap::from([(1, dec!(0.10)), (2, dec!(0.15)), (3, dec!(0.20))]),
        default_direct_rate: dec!(0.05),
        upline_rates: vec![dec!(0.05), dec!(0.03), dec!(0.02), dec!(0.01)],
        matching_rate: dec!(0.10),
        max_depth: 4,
        compression: true,
    }
}

/// The lines as "direct→1 150000, L1→2 50000, matching→2 15000".
fn paid(d: &Distribution) -> String {
    let show = |l: &Line| match l.kind {
        Kind::Upline => format!("L{}→{} {}", l.level, l.recipient_id, l.amount),
        kind => format!("{}→{} {}", kind.as_str(), l.recipient_id, l.amount),
    };
    d.lines.iter().map(show).collect::<Vec<_>>().join(", ")
}

fn pays(amount: Decimal, unit: u32, net: &NetworkSnapshot, plan: &CommissionPlan) -> String {
    paid(&distribute(amount, unit, net, plan))
}

#[test]
fn a_four_level_chain_pays_direct_every_level_and_matching() {
    let d = distribute(dec!(1000000), 0, &network(Some(2), "+++++"), &plan());
    let expected = "direct→1 150000, L1→2 50000, L2→3 30000, L3→4 20000, L4→5 10000, \
                    matching→2 15000";
    assert_eq!(paid(&d), expected);
    let (total, house) = (dec!(275000), dec!(725000));
    assert_eq!((d.total, d.house_share, d.plan_version), (total, house, 7));
}

#[test]
fn the_direct_rate_follows_the_sellers_tier_or_the_default() {
    for (tier, expected) in [
        (Some(1), "direct→1 100000"),
        (Some(3), "direct→1 200000"),
        (None, "direct→1 50000"),
        (Some(99), "direct→1 50000"),
    ] {
        let paid = pays(dec!(1000000), 0, &network(tier, ""), &plan());
        assert_eq!(paid, expected, "tier {tier:?}");
    }
}

#[test]
fn matching_is_paid_on_the_rounded_direct_line_to_an_active_sponsor_only() {
    let d = distribute(dec!(123.45), 2, &network(Some(1), "+"), &plan());
    assert_eq!(paid(&d), "direct→1 12.34, L1→2 6.17, matching→2 1.23");
    assert_eq!(d.lines[2].base, dec!(12.34));
    let inactive_sponsor = network(Some(1), "-+");
    let expected = "direct→1 100.00, L1→3 50.00";
    assert_eq!(pays(dec!(1000), 2, &inactive_sponsor, &plan()), expected);
}

#[test]
fn compression_moves_levels_past_an_inactive_sponsor() {
    let chain = network(Some(1), "+-+++");
    let on = "direct→1 100000, L1→2 50000, L2→4 30000, L3→5 20000, L4→6 10000, \
              matching→2 10000";
    assert_eq!(pays(dec!(1000000), 0, &chain, &plan()), on);
    let mut without = plan();
    without.compression = false;
    let off = "direct→1 100000, L1→2 50000, L3→4 20000, L4→5 10000, matching→2 10000";
    assert_eq!(pays(dec!(1000000), 0, &chain, &without), off);
}

#[test]
fn krw_lines_round_half_even_to_whole_won() {
    let d = distribute(dec!(12345), 0, &network(Some(1), "++++"), &plan());
    // Exact: 1234.5, 617.25, 370.35, 246.9, 123.45; matching 123.4.
    let expected = "direct→1 1234, L1→2 617, L2→3 370, L3→4 247, L4→5 123, matching→2 123";
    assert_eq!(paid(&d), expected);
    assert_eq!((d.total, d.house_share), (dec!(2714), dec!(9631)));
    let odd = pays(dec!(12355), 0, &network(Some(1), ""), &plan());
    assert_eq!(odd, "direct→1 1236"); // 1235.5
}

#[test]
fn usd_lines_round_half_even_to_cents() {
    for (amount, expected) in [
        (dec!(1.25), "direct→1 0.12"),
        (dec!(1.35), "direct→1 0.14"),
        (dec!(100), "direct→1 10.00"),
    ] {
        assert_eq!(pays(amount, 2, &network(Some(1), ""), &plan()), expected);
    }
}

#[test]
fn lines_that_round_to_zero_are_left_out() {
    // Level 1 would be 0.5 → 0 (half-even), level 2 0.3, matching 0.1.
    assert_eq!(
        pays(dec!(10), 0, &network(Some(1), "++"), &plan()),
        "direct→1 1"
    );
}

#[test]
fn a_non_positive_sale_pays_nothing() {
    for amount in [dec!(0), dec!(-500)] {
        let d = distribute(amount, 0, &network(Some(1), "+++"), &plan());
        assert!(d.lines.is_empty());
        assert_eq!((d.total, d.house_share), (dec!(0), dec!(0)));
    }
}

#[test]
fn max_depth_shorter_than_the_rate_list_stops_the_walk() {
    let mut shallow = plan();
    shallow.max_depth = 2;
    let expected = "direct→1 50000, L1→2 50000, L2→3 30000, matching→2 5000";
    assert_eq!(
        pays(dec!(1000000), 0, &network(None, "+++++"), &shallow),
        expected
    );
    // Only the payable levels count towards the plan's maximum payout.
    assert_eq!(shallow.max_payout_ratio(), dec!(0.30));
}

#[test]
fn an_empty_upline_pays_only_the_seller() {
    let expected = "direct→1 150000";
    assert_eq!(
        pays(dec!(1000000), 0, &network(Some(2), ""), &plan()),
        expected
    );
}

#[test]
fn rounding_up_never_pays_more_than_the_sale() {
    let mut all_in = plan();
    all_in.direct_rates.clear();
    all_in.default_direct_rate = dec!(0.5);
    all_in.upline_rates = vec![dec!(0.5)];
    all_in.matching_rate = dec!(0);
    assert_eq!(all_in.validate(), Ok(()));
    // Both lines are 0.015 → 0.02; the last one gives the extra cent back.
    let expected = "direct→1 0.02, L1→2 0.01";
    assert_eq!(pays(dec!(0.03), 2, &network(None, "+"), &all_in), expected);
}

#[test]
fn a_plan_that_could_pay_more_than_the_sale_is_refused() {
    assert_eq!(plan().validate(), Ok(()));
    let mut greedy = plan();
    greedy.direct_rates.insert(1, dec!(0.6));
    greedy.upline_rates = vec![dec!(0.2), dec!(0.1)];
    greedy.matching_rate = dec!(0.5);
    let refused = greedy.validate().unwrap_err();
    assert_eq!(refused, [PlanError::PaysMoreThanTheSale(dec!(1.2))]);
    let message = "the plan could pay 120% of a sale; it may pay at most 100%";
    assert_eq!(refused[0].to_string(), message);

    let mut broken = plan();
    broken.default_direct_rate = dec!(-0.01);
    broken.upline_rates = vec![dec!(0.01), dec!(1.5)];
    broken.max_depth = 51;
    let expected = [
        PlanError::NegativeRate(RateName::Default),
        PlanError::RateAboveOne(RateName::Upline(2)),
        PlanError::TooDeep(51),
    ];
    assert_eq!(broken.validate().unwrap_err(), expected);
}

#[test]
fn capture_follows_sponsors_and_stops_at_a_cycle_or_the_cap() {
    let with_sponsor = |id, sponsor| {
        let mut n = node(id, None, true);
        n.sponsor_id = Some(sponsor);
        n
    };
    let summary = DownlineSummary::default();
    // 1 → 2 → 3 → 4 → 2: the loop back to 2 ends the chain.
    let next = |id| if id == 4 { 2 } else { id + 1 };
    let lookup = |id| (id <= 4).then(|| with_sponsor(id, next(id)));
    let mut deep = plan();
    deep.upline_rates = vec![dec!(0.001); 50];
    deep.max_depth = MAX_DEPTH;
    let chain = NetworkSnapshot::capture(with_sponsor(1, 2), summary, &deep, lookup);
    let ids: Vec<i64> = chain.upline.iter().map(|n| n.user_id).collect();
    assert_eq!(ids, [2, 3, 4]);
    // Under compression inactive sponsors fill no level: an endless
    // inactive chain stops at the cap.
    let inactive = |id| {
        let mut n = with_sponsor(id, id + 1);
        n.active = false;
        Some(n)
    };
    let capped = NetworkSnapshot::capture(with_sponsor(0, 1), summary, &deep, inactive);
    assert_eq!(capped.upline.len(), MAX_UPLINE);
    // An endless active chain stops once every paid level is filled.
    let endless = |id| Some(with_sponsor(id, id + 1));
    let filled = NetworkSnapshot::capture(with_sponsor(0, 1), summary, &deep, endless);
    assert_eq!(filled.upline.len(), MAX_DEPTH as usize);
}

#[test]
fn capture_stops_where_the_plan_can_no_longer_pay() {
    let with_sponsor = |id: i64, active: bool| {
        let mut n = node(id, None, active);
        n.sponsor_id = Some(id + 1);
        n
    };
    let summary = DownlineSummary::default();
    // Sponsors 2..: 3 and 5 inactive. The plan pays 4 levels.
    let lookup = |id| Some(with_sponsor(id, id != 3 && id != 5));
    let mut compressed = plan();
    compressed.compression = true;
    let chain = NetworkSnapshot::capture(with_sponsor(1, true), summary, &compressed, lookup);
    let ids: Vec<i64> = chain.upline.iter().map(|n| n.user_id).collect();
    assert_eq!(ids, [2, 3, 4, 5, 6, 7]);
    let mut plain = plan();
    plain.compression = false;
    let chain = NetworkSnapshot::capture(with_sponsor(1, true), summary, &plain, lookup);
    let ids: Vec<i64> = chain.upline.iter().map(|n| n.user_id).collect();
    assert_eq!(ids, [2, 3, 4, 5]);
    // No upline levels at all: the personal sponsor is still kept for
    // the matching bonus.
    plain.upline_rates.clear();
    let chain = NetworkSnapshot::capture(with_sponsor(1, true), summary, &plain, lookup);
    assert_eq!(chain.upline.len(), 1);
}

fn rate(max_basis_points: i64) -> impl Strategy<Value = Decimal> {
    (0..=max_basis_points).prop_map(|bp| Decimal::new(bp, 4))
}

prop_compose! {
    fn any_plan()(
        direct_rates in prop::collection::btree_map(0i64..5, rate(3000), 0..5),
        default_direct_rate in rate(3000),
        upline_rates in prop::collection::vec(rate(1000), 0..12),
        matching_rate in rate(5000),
        max_depth in 0u32..=15,
        compression in any::<bool>(),
    ) -> CommissionPlan {
        CommissionPlan {
            version: 1, direct_rates, default_direct_rate, upline_rates,
            matching_rate, max_depth, compression,
        }
    }
}

fn valid_plan() -> impl Strategy<Value = CommissionPlan> {
    any_plan().prop_filter("a plan that validates", |p| p.validate().is_ok())
}

prop_compose! {
    /// Chains of 0..30 sponsors with random tiers (tier 5 never has a rate).
    fn snapshot()(
        (tier, active) in (prop::option::of(0i64..6), any::<bool>()),
        upline in prop::collection::vec((prop::option::of(0i64..6), any::<bool>()), 0..30),
    ) -> NetworkSnapshot {
        let upline = (2..).zip(upline).map(|(id, (tier, active))| node(id, tier, active));
        let downline_summary = DownlineSummary::default();
        NetworkSnapshot { partner: node(1, tier, active), upline: upline.collect(), downline_summary }
    }
}

prop_compose! {
    /// An amount with up to 3 decimals, in KRW (0) or USD (2 minor digits).
    fn sale()(
        mantissa in prop_oneof![0i64..1_000, 0i64..1_000_000_000], // small ones round most
        scale in 0u32..=3,
        minor_unit in prop_oneof![Just(0u32), Just(2)],
    ) -> (Decimal, u32) {
        (Decimal::new(mantissa, scale), minor_unit)
    }
}

proptest! {
    #[test]
    fn the_total_stays_within_the_plans_rates_and_the_sale(
        (amount, minor_unit) in sale(), s in snapshot(), p in valid_plan(),
    ) {
        let d = distribute(amount, minor_unit, &s, &p);
        // Each line may round up half a unit, and matching's base was itself rounded.
        let slack = Decimal::new(5, minor_unit + 1) * Decimal::from(d.lines.len() + 1);
        prop_assert!(d.total <= amount * p.max_payout_ratio() + slack);
        prop_assert!(d.total <= amount);
        prop_assert_eq!(d.total, d.lines.iter().map(|l| l.amount).sum::<Decimal>());
        prop_assert_eq!(d.total + d.house_share, amount);
    }

    #[test]
    fn only_the_seller_and_their_upline_are_paid(
        (amount, minor_unit) in sale(), s in snapshot(), p in valid_plan(),
    ) {
        let d = distribute(amount, minor_unit, &s, &p);
        let allowed: HashSet<i64> = s.upline.iter().chain([&s.partner]).map(|n| n.user_id).collect();
        prop_assert!(d.lines.iter().all(|l| allowed.contains(&l.recipient_id)));
        let upline = d.lines.iter().filter(|l| l.kind == Kind::Upline);
        let levels: Vec<u32> = upline.map(|l| l.level).collect();
        prop_assert!(levels.windows(2).all(|w| w[0] < w[1]));
        prop_assert!(levels.iter().all(|&l| l >= 1 && l as usize <= p.paid_levels()));
    }

    #[test]
    fn the_downline_summary_does_not_change_the_lines(
        (amount, minor_unit) in sale(), s in snapshot(), p in valid_plan(),
        direct_count in 0u32..1000, total_count in 0u32..100_000,
    ) {
        let downline_summary = DownlineSummary { direct_count, total_count };
        let other = NetworkSnapshot { downline_summary, ..s.clone() };
        let (a, b) = (distribute(amount, minor_unit, &s, &p), distribute(amount, minor_unit, &other, &p));
        prop_assert_eq!(a, b);
    }

    #[test]
    fn a_snapshot_cut_at_the_plans_reach_pays_the_same_as_the_whole_chain(
        (amount, minor_unit) in sale(), s in snapshot(), p in valid_plan(),
    ) {
        // The snapshot strategy's chain, linked by sponsor ids and
        // captured the way a confirmation does.
        let mut nodes: Vec<NetworkNode> = std::iter::once(s.partner.clone()).chain(s.upline.clone()).collect();
        for i in 0..nodes.len() {
            nodes[i].sponsor_id = nodes.get(i + 1).map(|n| n.user_id);
        }
        let whole = NetworkSnapshot { partner: nodes[0].clone(), upline: nodes[1..].to_vec(), ..s };
        let lookup = |id: i64| nodes.iter().find(|n| n.user_id == id).cloned();
        let cut = NetworkSnapshot::capture(nodes[0].clone(), s.downline_summary, &p, lookup);
        prop_assert!(cut.upline.len() <= whole.upline.len());
        prop_assert_eq!(distribute(amount, minor_unit, &cut, &p), distribute(amount, minor_unit, &whole, &p));
    }

    #[test]
    fn a_reversal_nets_the_sale_to_exactly_zero(
        (amount, minor_unit) in sale(), s in snapshot(), p in valid_plan(),
    ) {
        let lines = distribute(amount, minor_unit, &s, &p).lines;
        let reversed = reverse(&lines);
        prop_assert_eq!(reversed.len(), lines.len());
        prop_assert!(lines.iter().chain(&reversed).map(|l| l.amount).sum::<Decimal>().is_zero());
    }

    #[test]
    fn every_amount_is_positive_and_in_whole_minor_units(
        (amount, minor_unit) in sale(), s in snapshot(), p in valid_plan(),
    ) {
        for line in distribute(amount, minor_unit, &s, &p).lines {
            prop_assert!(line.amount > Decimal::ZERO, "{:?}", line);
            prop_assert!(line.amount.scale() <= minor_unit, "{:?}", line);
        }
    }
}

mod working {
    use super::super::working::{DirectRateSource, SponsorFate, work};
    use super::*;

    #[test]
    fn the_working_names_each_sponsors_fate_under_compression() {
        // 2 active, 3 inactive (skipped), 4 active, 5 active, 6 active, 7 active.
        let w = work(dec!(1000), 0, &network(Some(2), "+-++++"), &plan());
        let fates: Vec<SponsorFate> = w.chain.iter().map(|l| l.fate).collect();
        use SponsorFate::*;
        assert_eq!(
            fates,
            [Paid(1), Compressed, Paid(2), Paid(3), Paid(4), BeyondDepth]
        );
        assert!(w.chain[0].matching && !w.chain[2].matching);
        assert_eq!(w.direct_rate_source, DirectRateSource::Tier(2));
    }

    #[test]
    fn without_compression_an_inactive_sponsor_uses_up_its_level_unpaid() {
        let mut plan = plan();
        plan.compression = false;
        let w = work(dec!(1000), 0, &network(Some(9), "-+"), &plan);
        let fates: Vec<SponsorFate> = w.chain.iter().map(|l| l.fate).collect();
        assert_eq!(fates, [SponsorFate::LevelUnpaid(1), SponsorFate::Paid(2)]);
        assert!(
            !w.chain[0].matching,
            "an inactive sponsor takes no matching"
        );
        assert_eq!(w.direct_rate_source, DirectRateSource::Default);
    }

    #[test]
    fn each_step_keeps_the_exact_product_before_rounding() {
        // 1234.5 × 10 % = 123.45 → 123 (half-even to whole won); matching
        // is 10 % of the rounded 123, 12.3 → 12.
        let w = work(dec!(1234.5), 0, &network(Some(1), "+"), &plan());
        let direct = w.step_for(1, Kind::Direct, 0).expect("direct step");
        assert_eq!((direct.exact, direct.rounded), (dec!(123.450), dec!(123)));
        let matching = w.step_for(2, Kind::Matching, 1).expect("matching step");
        assert_eq!(
            (matching.line.base, matching.exact),
            (dec!(123), dec!(12.30))
        );
        assert_eq!(matching.line.amount, dec!(12));
        assert_eq!(w.payable, dec!(1234));
    }

    #[test]
    fn the_cap_shows_what_it_took_off_each_line() {
        // 0.019 pays at most 0.01; 90 % of it is 0.0171, rounded 0.02, so
        // the cap takes 0.01 back off the direct line.
        let mut plan = plan();
        plan.direct_rates.insert(1, dec!(0.9));
        plan.upline_rates = vec![];
        let w = work(dec!(0.019), 2, &network(Some(1), ""), &plan);
        let direct = w.step_for(1, Kind::Direct, 0).expect("direct step");
        assert_eq!(w.payable, dec!(0.01));
        assert_eq!((direct.exact, direct.rounded), (dec!(0.0171), dec!(0.02)));
        assert_eq!(
            (direct.line.amount, direct.capped()),
            (dec!(0.01), dec!(0.01))
        );
    }

    proptest! {
        #[test]
        fn the_distribution_is_exactly_the_workings_nonzero_steps(
            (amount, unit) in sale(), net in snapshot(), plan in valid_plan(),
        ) {
            let w = work(amount, unit, &net, &plan);
            let d = distribute(amount, unit, &net, &plan);
            for line in &d.lines {
                let step = w.step_for(line.recipient_id, line.kind, line.level);
                prop_assert_eq!(step.map(|s| s.line), Some(*line));
            }
            let paid_steps = w.steps.iter().filter(|s| !s.line.amount.is_zero()).count();
            prop_assert_eq!(paid_steps, d.lines.len());
        }
    }
}
