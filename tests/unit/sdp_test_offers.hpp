#pragma once
// Offers as real peers send them, shared by the SDP tests.

namespace callwerk::sip::test_offers {

// SIPp's built-in uac scenario.
inline constexpr const char* kSipp =
    "v=0\r\n"
    "o=user1 53655765 2353687637 IN IP4 127.0.0.1\r\n"
    "s=-\r\n"
    "c=IN IP4 127.0.0.1\r\n"
    "t=0 0\r\n"
    "m=audio 6000 RTP/AVP 0\r\n"
    "a=rtpmap:0 PCMU/8000\r\n";

// baresip 2.x with opus, G722 and G.711 enabled.
inline constexpr const char* kBaresip =
    "v=0\r\n"
    "o=- 1415096384 2739462577 IN IP4 192.168.1.20\r\n"
    "s=-\r\n"
    "c=IN IP4 192.168.1.20\r\n"
    "t=0 0\r\n"
    "a=tool:baresip 2.0.0\r\n"
    "m=audio 10582 RTP/AVP 96 9 0 8 101\r\n"
    "b=AS:107\r\n"
    "a=rtpmap:96 opus/48000/2\r\n"
    "a=fmtp:96 stereo=1;sprop-stereo=1\r\n"
    "a=rtpmap:9 G722/8000\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-15\r\n"
    "a=rtcp-mux\r\n"
    "a=ptime:20\r\n"
    "a=sendrecv\r\n"
    "a=label:1\r\n";

// A phone putting the call on hold with a re-INVITE (RFC 3264 §8.4), ptime 30.
inline constexpr const char* kHoldSendonly =
    "v=0\r\n"
    "o=phone 4711 4712 IN IP4 10.0.0.5\r\n"
    "s=call\r\n"
    "c=IN IP4 10.0.0.5\r\n"
    "t=0 0\r\n"
    "m=audio 40000 RTP/AVP 8 0 101\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-16\r\n"
    "a=ptime:30\r\n"
    "a=rtcp:40001\r\n"
    "a=sendonly\r\n";

// RFC 2543 hold: the connection address is zeroed, no direction attribute. LF line ends.
inline constexpr const char* kOldHold =
    "v=0\n"
    "o=gw 1 2 IN IP4 10.0.0.9\n"
    "s=-\n"
    "c=IN IP4 0.0.0.0\n"
    "t=0 0\n"
    "m=audio 30000 RTP/AVP 0 8\n";

inline constexpr const char* kIpv6 =
    "v=0\r\n"
    "o=- 20518 0 IN IP6 2001:db8::10\r\n"
    "s=-\r\n"
    "t=0 0\r\n"
    "m=audio 5004 RTP/AVP 8 100\r\n"
    "c=IN IP6 2001:db8::10\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:100 telephone-event/8000\r\n"
    "a=fmtp:100 0-15\r\n"
    "a=maxptime:40\r\n";

// Video first, so the rejected stream must keep its place before the audio.
inline constexpr const char* kVideoAudio =
    "v=0\r\n"
    "o=softphone 99 1 IN IP4 172.16.0.3\r\n"
    "s=-\r\n"
    "c=IN IP4 172.16.0.3\r\n"
    "t=0 0\r\n"
    "m=video 9078 RTP/AVP 96\r\n"
    "a=rtpmap:96 H264/90000\r\n"
    "a=fmtp:96 profile-level-id=42801F\r\n"
    "m=audio 9076 RTP/AVP 8 101\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n";

}  // namespace callwerk::sip::test_offers
