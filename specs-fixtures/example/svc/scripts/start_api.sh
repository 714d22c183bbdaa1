#!/bin/sh
# Starts the API.
