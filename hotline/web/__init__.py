"""What the web channels share: sign-in and roles, language and formats, security headers, Twilio signatures."""
