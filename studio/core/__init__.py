"""The domain layer: settings, profiles, conversations, tasks, the library. No widgets."""
