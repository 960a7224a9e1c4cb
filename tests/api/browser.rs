//! Key flows in a real headless Chromium, driven over WebDriver.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};

use crate::helpers::{PASSWORD, spawn_app};

/// chromedriver on a free port, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {binary} ({e}); install chromium and chromium-driver")
            });
        Driver { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn browser(driver: &Driver) -> fantoccini::Client {
    let profile = std::env::temp_dir().join(format!("attain-chrome-{}", driver.port));
    let mut caps = serde_json::Map::new();
    let mut options = serde_json::json!({
        "args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--window-size=1280,900",
            format!("--user-data-dir={}", profile.display()),
        ]
    });
    if let Ok(binary) = std::env::var("CHROME_BIN") {
        options["binary"] = binary.into();
    } else if std::path::Path::new("/usr/bin/chromium").exists() {
        options["binary"] = "/usr/bin/chromium".into();
    }
    caps.insert("goog:chromeOptions".into(), options);
    // Both rustls providers are linked in the test binary: pick one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    // chromedriver needs a moment to listen.
    for _ in 0..50 {
        if let Ok(client) = ClientBuilder::rustls()
            .expect("tls")
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
        {
            return client;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("could not connect to chromedriver");
}

#[actix_web::test]
async fn a_rep_signs_in_through_the_real_form_and_sees_their_name() {
    let app = spawn_app().await;
    let rep = app.create_user("rep", "jiwoo.park@example.com");
    let driver = Driver::start();
    let browser = browser(&driver).await;

    browser
        .goto(&format!("{}/dashboard", app.address))
        .await
        .unwrap();
    // Not signed in: the dashboard sends us to the sign-in form.
    let url = browser.current_url().await.unwrap();
    assert!(url.path().ends_with("/login"), "redirected to {url}");

    let email = browser
        .find(Locator::Css("input[name=email]"))
        .await
        .unwrap();
    email.send_keys(&rep.email).await.unwrap();
    let password = browser
        .find(Locator::Css("input[name=password]"))
        .await
        .unwrap();
    password.send_keys(PASSWORD).await.unwrap();
    browser
        .find(Locator::Css("form[action='/login'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    let heading = browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("main h1"))
        .await
        .unwrap();
    assert_eq!(heading.text().await.unwrap(), "Hello, Jiwoo");
    let menu = browser.find(Locator::Css(".user-name")).await.unwrap();
    assert_eq!(menu.html(true).await.unwrap(), rep.name);
    assert!(
        browser
            .current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/dashboard")
    );

    browser.close().await.unwrap();
}
