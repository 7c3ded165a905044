package io.headroom.cli;

import io.headroom.clickhouse.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Turns errors into one-line messages: bad options and bad input exit 2, other failures exit 1. A
 * stack trace is printed only with {@code HEADROOM_DEBUG=1}, never as the only message. Both are
 * masked ({@link Secrets}): a driver's or client's message may quote a password or a URL holding
 * one.
 */
final class CliErrors {
  static final int BAD_INPUT = 2;
  static final int FAILURE = 1;

  private CliErrors() {}

  static CommandLine configure(CommandLine commandLine) {
    commandLine.setParameterExceptionHandler(CliErrors::onBadOption);
    commandLine.setExecutionExceptionHandler(CliErrors::onFailure);
    return commandLine;
  }

  private static int onBadOption(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    String suggestion = "";
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched
        && !unmatched.getSuggestions().isEmpty()) {
      // A typo of a real option: name the option meant, not only the one not understood.
      suggestion = "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
    }
    err.println("headroom: " + Secrets.redact(e.getMessage()) + suggestion);
    err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
    return BAD_INPUT;
  }

  private static int onFailure(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (System.getenv("HEADROOM_DEBUG") != null) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.print(Secrets.redact(trace.toString()));
    }
    if (e instanceof IllegalArgumentException) {
      err.println("headroom: " + Secrets.redact(e.getMessage()));
      return BAD_INPUT;
    }
    err.println("headroom: " + Secrets.redact(describe(e)));
    return FAILURE;
  }

  private static String describe(Throwable e) {
    StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause();
        cause != null && cause != cause.getCause();
        cause = cause.getCause()) {
      if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
        message.append(": ").append(cause.getMessage());
      }
    }
    return message + " (set HEADROOM_DEBUG=1 for the stack trace)";
  }
}
