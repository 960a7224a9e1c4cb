use super::*;

const REP: Viewer = Viewer {
    user_id: 7,
    approves: false,
};
const MANAGER: Viewer = Viewer {
    user_id: 3,
    approves: true,
};

#[test]
fn progress_refreshes_boards_for_everyone_and_cards_for_the_people_it_is_about() {
    let event = LiveEvent::progress([7, 9, 7]);
    assert_eq!(
        event,
        LiveEvent::Progress {
            users: Some(vec![7, 9])
        }
    );
    assert_eq!(event.names_for(&REP), ["board", "progress"]);
    assert_eq!(event.names_for(&MANAGER), ["board"]);
    let everyone = LiveEvent::progress(0..1000);
    assert_eq!(everyone, LiveEvent::Progress { users: None });
    assert_eq!(everyone.names_for(&MANAGER), ["board", "progress"]);
}

#[test]
fn bells_and_queues_reach_only_their_viewers() {
    let bell = LiveEvent::Notification { users: vec![7] };
    assert_eq!(bell.names_for(&REP), ["bell"]);
    assert!(bell.names_for(&MANAGER).is_empty());
    assert!(LiveEvent::SalesQueue.names_for(&REP).is_empty());
    assert_eq!(LiveEvent::SalesQueue.names_for(&MANAGER), ["sales-queue"]);
    assert_eq!(LiveEvent::GoalsQueue.names_for(&MANAGER), ["goals-queue"]);
    let earned = LiveEvent::Achievement { users: vec![7] };
    assert_eq!(earned.names_for(&REP), ["feed", "achievement", "progress"]);
    assert_eq!(earned.names_for(&MANAGER), ["feed"]);
    assert_eq!(LiveEvent::Resync.names_for(&REP), ALL_NAMES);
}

#[test]
fn a_page_that_comes_back_hears_what_it_missed_or_to_refresh_everything() {
    let live = Live::default();
    let start = live.resume(None);
    assert!(start.missed.is_none());
    live.send_local(LiveEvent::Notification { users: vec![7] });
    live.send_local(LiveEvent::SalesQueue);
    let after_first = live.id(1);
    let missed = live.resume(Some(&after_first)).missed.unwrap();
    assert_eq!(missed, Missed::Events(vec![LiveEvent::SalesQueue]));
    assert!(missed.names_for(&REP).is_empty());
    assert_eq!(
        missed.names_for(&MANAGER).into_iter().collect::<Vec<_>>(),
        ["sales-queue"]
    );
    // From before anything happened: both events.
    let missed = live.resume(Some(&start.last_id)).missed.unwrap();
    assert!(matches!(missed, Missed::Events(e) if e.len() == 2));
    // Up to date: nothing.
    let now = live.resume(None).last_id;
    assert_eq!(live.resume(Some(&now)).missed, Some(Missed::Events(vec![])));
    // Another boot, garbage, the future: everything.
    for id in ["0badbeef-1", "nonsense", &live.id(99)] {
        assert_eq!(live.resume(Some(id)).missed, Some(Missed::Everything));
    }
    // Older than the history holds: everything.
    for _ in 0..HISTORY {
        live.send_local(LiveEvent::GoalsQueue);
    }
    assert_eq!(
        live.resume(Some(&after_first)).missed,
        Some(Missed::Everything)
    );
    let recent = live.id(HISTORY as u64);
    assert!(matches!(
        live.resume(Some(&recent)).missed,
        Some(Missed::Events(_))
    ));
}

#[test]
fn events_travel_as_small_tagged_json() {
    let event = LiveEvent::progress([1, 2]);
    let text = serde_json::to_string(&event).unwrap();
    assert_eq!(text, r#"{"kind":"progress","users":[1,2]}"#);
    assert_eq!(serde_json::from_str::<LiveEvent>(&text).unwrap(), event);
    let text = serde_json::to_string(&LiveEvent::SalesQueue).unwrap();
    assert_eq!(text, r#"{"kind":"sales_queue"}"#);
    // The largest listed event fits a NOTIFY payload.
    let big = LiveEvent::progress((0..MAX_LISTED_USERS as i64).map(|i| i + 1_000_000_000));
    assert!(serde_json::to_string(&big).unwrap().len() < 8000);
    // Long lists of people go as several payloads.
    let many = LiveEvent::Notification {
        users: (0..1200).collect(),
    };
    let parts = many.in_payloads();
    assert_eq!(parts.len(), 3);
    assert!(
        parts
            .iter()
            .all(|p| serde_json::to_string(p).unwrap().len() < 8000)
    );
}
