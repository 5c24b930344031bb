package dev.gatehouse.core.identity;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a listing, as EG's Admin API pages users and apps.
 *
 * @param items the page's items
 * @param nextKey the cursor of the next page, {@code "0"} when there is none
 */
public record Page<T>(List<T> items, String nextKey) {

  public Page {
    items = List.copyOf(items);
  }

  /** This page with each item mapped, under the same cursor. */
  public <U> Page<U> map(Function<? super T, ? extends U> mapper) {
    return new Page<>(items.stream().<U>map(mapper).toList(), nextKey);
  }
}
