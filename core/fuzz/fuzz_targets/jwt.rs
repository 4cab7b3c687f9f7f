#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    cognito_login_core::fuzzing::jwt(data);
});
