"""The bridge between the async core and Qt: coroutines on the qasync loop, events as signals."""
