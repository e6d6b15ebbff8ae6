#!/bin/sh
# /usr/bin/uniapi-studio: start the bundle installed in /opt/uniapi-studio.
exec /opt/uniapi-studio/uniapi-studio "$@"
