package dev.pipeline.envelope;

/**
 * Recognises the form nearly every producer writes an RFC 3339 timestamp in — {@code 2026-12-07T13:45:00Z}, with an
 * optional fraction of up to nine digits and {@code Z} or a {@code ±hh:mm} offset — and checks its fields' ranges,
 * without the JDK's general date-time parser: every event's {@code time} is checked at ingest, again in the router
 * and in delivery, and {@code OffsetDateTime.parse} took a seventh of the router's request threads' samples. Whatever
 * this does not recognise (other forms, or values out of range) is left to {@code OffsetDateTime.parse}, so it
 * accepts exactly what that does.
 */
final class TimestampForm {

    private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private TimestampForm() {
    }

    /** True only when {@code value} is in the common form and a valid instant; false says "ask the full parser". */
    static boolean isCommonValid(String value) {
        int length = value.length();
        if (length < 20 || value.charAt(4) != '-' || value.charAt(7) != '-' || value.charAt(10) != 'T'
                || value.charAt(13) != ':' || value.charAt(16) != ':') {
            return false;
        }
        int year = digits(value, 0, 4);
        int month = digits(value, 5, 2);
        int day = digits(value, 8, 2);
        int hour = digits(value, 11, 2);
        int minute = digits(value, 14, 2);
        int second = digits(value, 17, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return false;
        }
        int at = 19;
        if (value.charAt(at) == '.') {
            int fractionStart = ++at;
            while (at < length && isDigit(value.charAt(at))) {
                at++;
            }
            int fractionDigits = at - fractionStart;
            if (fractionDigits < 1 || fractionDigits > 9) {
                return false;
            }
        }
        return isOffset(value, at);
    }

    private static boolean isOffset(String value, int at) {
        int rest = value.length() - at;
        if (rest == 1) {
            return value.charAt(at) == 'Z';
        }
        if (rest != 6 || (value.charAt(at) != '+' && value.charAt(at) != '-') || value.charAt(at + 3) != ':') {
            return false;
        }
        int hours = digits(value, at + 1, 2);
        int minutes = digits(value, at + 4, 2);
        return hours >= 0 && minutes >= 0 && minutes <= 59 && (hours < 18 || hours == 18 && minutes == 0);
    }

    private static int daysIn(int year, int month) {
        boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        return month == 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
    }

    /** The decimal number in {@code count} chars from {@code from}, or -1 when one of them is not an ASCII digit. */
    private static int digits(String value, int from, int count) {
        int number = 0;
        for (int i = from; i < from + count; i++) {
            char c = value.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
