package io.certgate.core.revocation;

/**
 * Decodes the RFC 5280 §5.1.2.4 Time forms to epoch seconds without allocating: UTCTime {@code YYMMDDHHMMSSZ}
 * (years 1950–2049) and GeneralizedTime {@code YYYYMMDDHHMMSSZ}, both in UTC with seconds and without fractions.
 *
 * <p>GeneralizedTime is accepted for any year from 1950 on, also before 2050 (where RFC 5280 tells issuers to use
 * UTCTime), as BoringSSL does; a year before 1950 is refused, since no PKIX time can lie before the UTCTime range.
 */
final class CrlTime {
    private static final int MIN_YEAR = 1950;

    private CrlTime() {
    }

    /** The Time element the reader just read, in epoch seconds. */
    static long read(CrlDer.Reader r, String what) throws CrlFormatException {
        if (r.tag == CrlDer.UTC_TIME) {
            return utcTime(r.in, r.valueStart, r.valueEnd, what);
        }
        if (r.tag == CrlDer.GENERALIZED_TIME) {
            return generalizedTime(r.in, r.valueStart, r.valueEnd, what);
        }
        throw new CrlFormatException(what + ": expected UTCTime or GeneralizedTime, found " + CrlDer.tagName(r.tag));
    }

    static long utcTime(byte[] in, int from, int to, String what) throws CrlFormatException {
        if (to - from != 13 || in[to - 1] != 'Z') {
            throw new CrlFormatException(what + ": UTCTime must have the form YYMMDDHHMMSSZ");
        }
        int yy = digits(in, from, 2, what);
        int year = yy >= 50 ? 1900 + yy : 2000 + yy;
        return civil(in, from + 2, year, what);
    }

    static long generalizedTime(byte[] in, int from, int to, String what) throws CrlFormatException {
        if (to - from != 15 || in[to - 1] != 'Z') {
            throw new CrlFormatException(what + ": GeneralizedTime must have the form YYYYMMDDHHMMSSZ");
        }
        int year = digits(in, from, 4, what);
        if (year < MIN_YEAR) {
            throw new CrlFormatException(what + ": year " + year + " is before 1950");
        }
        return civil(in, from + 4, year, what);
    }

    /** MMDDHHMMSS at {@code p}, for {@code year}. */
    private static long civil(byte[] in, int p, int year, String what) throws CrlFormatException {
        int month = digits(in, p, 2, what);
        int day = digits(in, p + 2, 2, what);
        int hour = digits(in, p + 4, 2, what);
        int minute = digits(in, p + 6, 2, what);
        int second = digits(in, p + 8, 2, what);
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour > 23 || minute > 59 || second > 59) {
            throw new CrlFormatException(what + ": not a valid date and time");
        }
        return daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
    }

    private static int digits(byte[] in, int p, int n, String what) throws CrlFormatException {
        int v = 0;
        for (int i = p; i < p + n; i++) {
            int c = in[i] - '0';
            if (c < 0 || c > 9) {
                throw new CrlFormatException(what + ": non-digit in time");
            }
            v = v * 10 + c;
        }
        return v;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    private static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
