package dev.gatehouse.core.cli;

/**
 * One command's connection to the Admin API and its way of printing.
 *
 * @param http the Admin API client
 * @param output where results and failures go
 * @param context standard input and the environment
 */
record AdminSession(AdminHttp http, Output output, CliContext context) {}
