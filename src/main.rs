use std::process::ExitCode;

#[actix_web::main]
async fn main() -> ExitCode {
    attain::telemetry::init();
    match attain::cli::run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("attain: {error:#}");
            ExitCode::FAILURE
        }
    }
}
