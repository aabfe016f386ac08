package io.dbwarden.sidecar.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses sizes: {@code 100MB}, {@code 1GB}, {@code 512KB}, {@code 4096} (bytes); units of 1024. */
final class SizeConverter implements ITypeConverter<Long> {

  @Override
  public Long convert(String value) {
    String v = value.trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (v.endsWith("KB") || v.endsWith("KIB") || v.endsWith("K")) {
      unit = 1L << 10;
    } else if (v.endsWith("MB") || v.endsWith("MIB") || v.endsWith("M")) {
      unit = 1L << 20;
    } else if (v.endsWith("GB") || v.endsWith("GIB") || v.endsWith("G")) {
      unit = 1L << 30;
    }
    String digits = v.replaceAll("[A-Z]+$", "").trim();
    try {
      long n = Long.parseLong(digits);
      if (n <= 0) {
        throw new TypeConversionException("'" + value + "' must be a positive size");
      }
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new TypeConversionException("'" + value + "' is not a size such as 100MB");
    }
  }
}
