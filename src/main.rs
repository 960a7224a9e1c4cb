use std::process::ExitCode;

/// mimalloc rather than glibc's malloc. glibc raises its mmap threshold to
/// the size of each large block freed: one freed 19 MiB argon2 block lifted
/// it to 19 MiB, after which every thread's arena kept what it once held,
/// and a burst of sign-ins left the server at over 400 MiB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
