package dev.gatehouse.core.cli;

/** The {@code users} or {@code apps} group: an {@link AdminGroup} that knows its kind. */
abstract class ConsumerGroup extends AdminGroup {

  private final ConsumerKind kind;

  ConsumerGroup(CliContext context, ConsumerKind kind) {
    super(context);
    this.kind = kind;
  }

  ConsumerKind kind() {
    return kind;
  }
}
