//! Mounts the app; components live in the library.

fn main() {
    console_error_panic_hook::set_once();
    kam_app::pwa::register_service_worker();
    leptos::mount::mount_to_body(kam_app::App);
}
