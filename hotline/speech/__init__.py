"""Speech: Vosk models, transcription jobs and short-answer recognition."""
