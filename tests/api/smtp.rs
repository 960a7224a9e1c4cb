//! A minimal SMTP server for the email tests: it accepts every message and
//! keeps it (headers and body, dot-unstuffed) for the test to read.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Clone)]
pub struct Inbox {
    pub url: String,
    messages: Arc<Mutex<Vec<String>>>,
}

impl Inbox {
    /// Listens on a random local port until the test process ends.
    pub fn start() -> Inbox {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("smtp://{}", listener.local_addr().unwrap());
        let messages = Arc::new(Mutex::new(Vec::new()));
        let store = messages.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let store = store.clone();
                std::thread::spawn(move || serve(stream, &store));
            }
        });
        Inbox { url, messages }
    }

    pub fn count(&self) -> usize {
        self.messages.lock().unwrap().len()
    }

    pub fn messages(&self) -> Vec<String> {
        self.messages.lock().unwrap().clone()
    }

    /// Waits (up to `timeout`) until at least `n` messages arrived.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<String> {
        let start = Instant::now();
        while self.count() < n && start.elapsed() < timeout {
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        self.messages()
    }
}

fn serve(mut stream: std::net::TcpStream, store: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    if stream.write_all(b"220 test ESMTP\r\n").is_err() {
        return;
    }
    let mut data: Option<String> = None;
    let mut line = String::new();
    while reader.read_line(&mut line).unwrap_or(0) > 0 {
        let text = line.trim_end_matches(['\r', '\n']).to_string();
        line.clear();
        let reply: &[u8] = match data.as_mut() {
            Some(message) if text == "." => {
                store.lock().unwrap().push(std::mem::take(message));
                data = None;
                b"250 queued\r\n"
            }
            Some(message) => {
                message.push_str(text.strip_prefix('.').unwrap_or(&text));
                message.push('\n');
                b""
            }
            None if text.to_ascii_uppercase().starts_with("DATA") => {
                data = Some(String::new());
                b"354 go on\r\n"
            }
            None if text.to_ascii_uppercase().starts_with("QUIT") => {
                let _ = stream.write_all(b"221 bye\r\n");
                return;
            }
            None => b"250 OK\r\n",
        };
        if !reply.is_empty() && stream.write_all(reply).is_err() {
            return;
        }
    }
}

/// A received message, decoded.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
}

impl Inbox {
    /// The messages so far, decoded (encoded subjects and bodies too).
    pub fn mails(&self) -> Vec<Mail> {
        self.messages().iter().map(|raw| decode(raw)).collect()
    }
}

fn decode(raw: &str) -> Mail {
    let message = mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .expect("a parsable message");
    Mail {
        to: message
            .to()
            .and_then(|to| to.first())
            .and_then(|addr| addr.address())
            .unwrap_or_default()
            .to_string(),
        subject: message.subject().unwrap_or_default().to_string(),
        text: message
            .body_text(0)
            .map(|text| text.into_owned())
            .unwrap_or_default(),
    }
}
