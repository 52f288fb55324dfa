//! Binary entry: the server half runs the CLI (`serve` by default); the wasm half hydrates the app.

/// mimalloc on the server: SSR makes many short-lived allocations across threads.
#[cfg(feature = "server")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    #[cfg(feature = "server")]
    std::process::exit(carebook::server::cli::main());

    #[cfg(not(feature = "server"))]
    dioxus::launch(carebook::app::App);
}
