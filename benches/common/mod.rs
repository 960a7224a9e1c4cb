//! What the benchmarks share: where their database lives.

use attain::db::cluster::PrivateCluster;

pub fn server_url(database: &str) -> (String, Option<PrivateCluster>) {
    match std::env::var("DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => {
            let base = url.split('?').next().unwrap().trim_end_matches('/');
            let server = &base[..base.rfind('/').unwrap()];
            (format!("{server}/{database}"), None)
        }
        _ => {
            let dir =
                std::env::temp_dir().join(format!("attain-bench-pg-{}", nix::unistd::geteuid()));
            let cluster = PrivateCluster::ensure_running(&dir).expect("private PostgreSQL");
            (cluster.database_url(database), Some(cluster))
        }
    }
}

pub fn admin_url(db_url: &str) -> String {
    // Same server, the `postgres` database.
    match db_url.split_once('?') {
        Some((base, query)) => format!("{}/postgres?{query}", &base[..base.rfind('/').unwrap()]),
        None => format!("{}/postgres", &db_url[..db_url.rfind('/').unwrap()]),
    }
}
