//! Binary entry: the server half runs the CLI (`serve` by default); the wasm half hydrates the app.

fn main() {
    #[cfg(feature = "server")]
    std::process::exit(carebook::server::cli::main());

    #[cfg(not(feature = "server"))]
    dioxus::launch(carebook::app::App);
}
