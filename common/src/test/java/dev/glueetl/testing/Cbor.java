package dev.glueetl.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoder of CBOR (RFC 8949), the body format of the AWS SDK's Smithy RPC v2 protocol, written here so the tests read
 * what the SDK sends without trusting the SDK's own codec. Maps become {@link LinkedHashMap}, arrays {@link List},
 * integers {@link Long}, floats {@link Double}, text {@link String}, bytes {@code byte[]}; a tag (such as 1, an epoch
 * timestamp) yields its content.
 */
public final class Cbor {
  private static final Object BREAK = new Object();

  private final byte[] bytes;
  private int position;

  private Cbor(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Object decode(byte[] bytes) {
    Cbor cbor = new Cbor(bytes);
    Object value = cbor.item();
    if (cbor.position != bytes.length) {
      throw new IllegalArgumentException("CBOR: " + (bytes.length - cbor.position) + " bytes after the first item");
    }
    return value;
  }

  private Object item() {
    int initial = next();
    int major = initial >>> 5;
    int info = initial & 0x1f;
    if (major == 7) {
      return simple(info);
    }
    if (info == 31) {
      return indefinite(major);
    }
    long argument = argument(info);
    return switch (major) {
      case 0 -> argument;
      case 1 -> -1 - argument;
      case 2 -> take((int) argument);
      case 3 -> new String(take((int) argument), StandardCharsets.UTF_8);
      case 4 -> {
        List<Object> list = new ArrayList<>();
        for (long i = 0; i < argument; i++) {
          list.add(item());
        }
        yield list;
      }
      case 5 -> {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (long i = 0; i < argument; i++) {
          map.put(item(), item());
        }
        yield map;
      }
      case 6 -> item();
      default -> throw new IllegalArgumentException("CBOR: major type " + major);
    };
  }

  private Object indefinite(int major) {
    switch (major) {
      case 2, 3 -> {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        for (Object chunk = item(); chunk != BREAK; chunk = item()) {
          chunks.writeBytes(chunk instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : (byte[]) chunk);
        }
        return major == 2 ? chunks.toByteArray() : chunks.toString(StandardCharsets.UTF_8);
      }
      case 4 -> {
        List<Object> list = new ArrayList<>();
        for (Object element = item(); element != BREAK; element = item()) {
          list.add(element);
        }
        return list;
      }
      case 5 -> {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (Object key = item(); key != BREAK; key = item()) {
          map.put(key, item());
        }
        return map;
      }
      default -> throw new IllegalArgumentException("CBOR: indefinite length for major type " + major);
    }
  }

  private Object simple(int info) {
    return switch (info) {
      case 20 -> false;
      case 21 -> true;
      case 22, 23 -> null;
      case 25 -> halfFloat((int) argument(25));
      case 26 -> (double) Float.intBitsToFloat((int) argument(26));
      case 27 -> Double.longBitsToDouble(argument(27));
      case 31 -> BREAK;
      default -> throw new IllegalArgumentException("CBOR: simple value " + info);
    };
  }

  private static double halfFloat(int half) {
    int exponent = (half >> 10) & 0x1f;
    int mantissa = half & 0x3ff;
    double value =
        exponent == 0 ? mantissa * Math.pow(2, -24) : exponent == 31 ? (mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN) : (mantissa + 1024) * Math.pow(2, exponent - 25);
    return (half & 0x8000) != 0 ? -value : value;
  }

  private long argument(int info) {
    if (info < 24) {
      return info;
    }
    int length =
        switch (info) {
          case 24 -> 1;
          case 25 -> 2;
          case 26 -> 4;
          case 27 -> 8;
          default -> throw new IllegalArgumentException("CBOR: additional information " + info);
        };
    long value = 0;
    for (int i = 0; i < length; i++) {
      value = (value << 8) | next();
    }
    return value;
  }

  private int next() {
    if (position >= bytes.length) {
      throw new IllegalArgumentException("CBOR: truncated");
    }
    return bytes[position++] & 0xff;
  }

  private byte[] take(int length) {
    if (position + length > bytes.length) {
      throw new IllegalArgumentException("CBOR: truncated");
    }
    byte[] taken = java.util.Arrays.copyOfRange(bytes, position, position + length);
    position += length;
    return taken;
  }
}
