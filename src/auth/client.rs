//! The client's network address, for throttling sign-ins per address.
//!
//! By default it is the TCP peer. `X-Forwarded-For` is read only when the
//! server was told it runs behind a proxy it trusts (`--trusted-proxy`):
//! then the last entry, the one that proxy appended, is the client. A
//! client cannot forge that entry, whereas any earlier one is its own text.

use std::net::IpAddr;

use actix_web::HttpRequest;
use actix_web::web::Data;

/// Whether `X-Forwarded-For` comes from a proxy we trust (app data).
#[derive(Clone, Copy, Debug, Default)]
pub struct ProxyTrust {
    pub trust_forwarded_for: bool,
}

/// The address sign-ins are counted against. IPv6 clients count by their
/// /64 network, since one host usually holds a whole /64.
pub fn client_address(req: &HttpRequest) -> String {
    let trusted = req
        .app_data::<Data<ProxyTrust>>()
        .is_some_and(|t| t.trust_forwarded_for);
    let forwarded = trusted
        .then(|| {
            req.headers()
                .get_all("x-forwarded-for")
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .next_back()
                .and_then(|last| last.trim().parse::<IpAddr>().ok())
        })
        .flatten();
    match forwarded.or_else(|| req.peer_addr().map(|a| a.ip())) {
        Some(ip) => key(ip),
        None => "unknown".into(),
    }
}

fn key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn the_peer_is_the_client_unless_a_proxy_is_trusted() {
        let req = TestRequest::default()
            .peer_addr("10.0.0.7:5000".parse().unwrap())
            .insert_header(("x-forwarded-for", "1.2.3.4"))
            .to_http_request();
        assert_eq!(client_address(&req), "10.0.0.7");
        let req = TestRequest::default()
            .peer_addr("10.0.0.7:5000".parse().unwrap())
            .app_data(Data::new(ProxyTrust {
                trust_forwarded_for: true,
            }))
            .insert_header(("x-forwarded-for", "6.6.6.6, 1.2.3.4"))
            .to_http_request();
        assert_eq!(client_address(&req), "1.2.3.4", "the proxy's own entry");
    }

    #[test]
    fn ipv6_clients_count_by_their_network() {
        assert_eq!(
            key("2001:db8:1:2:aaaa::1".parse().unwrap()),
            "2001:db8:1:2::/64"
        );
        assert_eq!(key("::ffff:10.1.2.3".parse().unwrap()), "10.1.2.3");
    }
}
